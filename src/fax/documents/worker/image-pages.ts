/**
 * Places one page of an uploaded document (a PNG, a JPEG, a TIFF page, or a PDF page
 * that pdftoppm rasterised) on a fax page. Worker-side only: this module loads sharp.
 *
 * The page is turned upright (EXIF/TIFF orientation), flattened onto white, made grey,
 * turned a quarter if it is landscape, and scaled, keeping its true proportions, to
 * fit the 1728-pixel scan line and the A4 length; it is centred across the line and
 * starts at the top. Uneven source pixels (a 204 x 98 dpi fax page) are honoured.
 */

import sharp from 'sharp';
import { FaxDocumentError } from '../errors.js';
import {
  CANVAS_DPI,
  CANVAS_HEIGHT_PX,
  FAX_A4_ROWS,
  FAX_WIDTH_PX,
  FAX_Y_DPI,
  type FaxResolution,
} from '../fax-format.js';
import type { ImageSource } from '../render-protocol.js';
import type { GreyRaster } from './fax-page-encoder.js';

export async function placeOnFaxPage(source: ImageSource, resolution: FaxResolution): Promise<GreyRaster> {
  const decoded = await decodeGrey(source);
  const aspect = source.xDpi && source.yDpi ? source.xDpi / source.yDpi : 1;
  // Physical size in square pixels of the source's horizontal density.
  let physicalWidth = decoded.width;
  let physicalHeight = decoded.height * aspect;
  const landscape = physicalWidth > physicalHeight * 1.05;
  if (landscape) [physicalWidth, physicalHeight] = [physicalHeight, physicalWidth];

  const rows = FAX_A4_ROWS[resolution];
  const scale = Math.min(FAX_WIDTH_PX / physicalWidth, CANVAS_HEIGHT_PX / physicalHeight);
  const targetWidth = clamp(Math.round(physicalWidth * scale), 1, FAX_WIDTH_PX);
  const targetRows = clamp(Math.round((physicalHeight * scale * FAX_Y_DPI[resolution]) / CANVAS_DPI), 1, rows);
  const left = Math.floor((FAX_WIDTH_PX - targetWidth) / 2);

  const { data, info } = await sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: 1 } })
    .rotate(landscape ? 270 : 0)
    .resize(targetWidth, targetRows, { fit: 'fill', kernel: 'lanczos3' })
    .extend({
      top: 0,
      bottom: rows - targetRows,
      left,
      right: FAX_WIDTH_PX - targetWidth - left,
      background: { r: 255, g: 255, b: 255 },
    })
    .toColourspace('b-w') // raw one-band input otherwise comes out as three-band sRGB
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== FAX_WIDTH_PX || info.height !== rows || info.channels !== 1) {
    throw new Error(`page placement gave ${info.width}x${info.height}x${info.channels}`);
  }
  return { data, width: info.width, height: info.height };
}

async function decodeGrey(source: ImageSource): Promise<GreyRaster> {
  try {
    const { data, info } = await sharp(source.path, { page: source.page ?? 0, failOn: 'truncated' })
      .autoOrient()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(detail)) {
      throw new FaxDocumentError('fax_doc_too_large', 'The image has too many pixels to be converted for fax.', detail);
    }
    throw new FaxDocumentError('fax_doc_corrupt', 'The file is damaged or cannot be read as an image.', detail);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
