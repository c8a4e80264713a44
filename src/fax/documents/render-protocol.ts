/**
 * The JSON-lines protocol between the server (index.ts, through render-worker-client.ts)
 * and the render worker process (render-worker.ts). One JSON object per line each way:
 * the server sends {id, request}; the worker answers {id, ok: true, result} or
 * {id, ok: false, error}. The worker handles one request at a time, in order.
 *
 * Only plain data crosses: file paths, page plans, numbers. Account numbers are masked
 * before a plan is made, so nothing secret travels over the pipe.
 */

import type { SerializedFaxDocumentError } from './errors.js';
import type { FaxResolution } from './fax-format.js';

/** A text item on a page plan. Coordinates are canvas pixels (204 dpi, square). */
export interface TextItem {
  kind: 'text';
  text: string;
  /** Left edge for align 'left', right edge for 'right', centre for 'center'. */
  x: number;
  /** Top of the font's full-height box (the top of a full-block glyph). */
  y: number;
  sizePt: number;
  bold: boolean;
  align: 'left' | 'right' | 'center';
  /** Widest the text's ink may be. */
  maxWidth?: number;
  /**
   * What to do when the text is wider than maxWidth: 'ellipsis' cuts it and ends it in
   * "…" (descriptions, names); 'shrink' draws it smaller (amounts must never be cut).
   */
  overflow?: 'ellipsis' | 'shrink';
}

/** A filled black rectangle (table rules, boxes). */
export interface RuleItem {
  kind: 'rule';
  x: number;
  y: number;
  width: number;
  height: number;
}

export type PageItem = TextItem | RuleItem;

export interface PagePlan {
  items: PageItem[];
}

export interface FontFiles {
  regular: string;
  bold: string;
}

/** One page of an uploaded document to place on a fax page. */
export interface ImageSource {
  path: string;
  /** 0-based page (IFD) of a multi-page TIFF. */
  page?: number;
  /** Pixel density of the source; square pixels are assumed when absent. */
  xDpi?: number;
  yDpi?: number;
}

export type RenderRequest =
  | { op: 'renderPlan'; pages: PagePlan[]; fonts: FontFiles; resolution: FaxResolution; outPath: string }
  | { op: 'composeImages'; sources: ImageSource[]; resolution: FaxResolution; outPath: string }
  | { op: 'renderPng'; tiffPath: string; outDir: string }
  | { op: 'compare'; a: string; b: string };

export interface WrittenFax {
  pages: number;
  bytes: number;
}

export interface PngPage {
  page: number;
  path: string;
  width: number;
  height: number;
}

export interface PageComparison {
  page: number;
  /** Pixels whose black/white value differs (pixels outside the overlap of two sizes count too). */
  differingPixels: number;
  sameSize: boolean;
  sameResolution: boolean;
}

export interface FaxImageComparison {
  identical: boolean;
  pagesA: number;
  pagesB: number;
  /** One entry per page present in both files. */
  pages: PageComparison[];
}

export interface RenderResults {
  renderPlan: WrittenFax;
  composeImages: WrittenFax;
  renderPng: PngPage[];
  compare: FaxImageComparison;
}

export interface WorkerRequestLine {
  id: number;
  request: RenderRequest;
}

export type WorkerResponseLine =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedFaxDocumentError };
