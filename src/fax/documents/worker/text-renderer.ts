/**
 * Renders one line of text to a coverage bitmap with sharp's text input (Pango, Noto
 * Sans CJK). Worker-side only: this module loads sharp.
 *
 * Pango through sharp returns only the ink box of the text, so lines with and without
 * descenders or accents would land at different heights. To get a stable anchor, each
 * line is drawn behind a red full-block glyph (U+2588, the full height of the font):
 * the block's top row is the anchor for vertical placement, its right edge is where the
 * text starts, and red pixels are dropped from the coverage.
 */

import sharp from 'sharp';
import { CANVAS_DPI } from '../fax-format.js';
import type { FontFiles } from '../render-protocol.js';

export interface RenderedText {
  /** Coverage of the text itself, 0 (none) to 255 (full), one byte per pixel. */
  coverage: Uint8Array;
  width: number;
  height: number;
  /** Column where the text begins (after the anchor block). */
  textLeft: number;
  /** Row of the anchor block's top edge. */
  anchorTop: number;
  /** Width of the text's ink, from textLeft. */
  textWidth: number;
}

const FONT_FAMILY = 'Noto Sans CJK SC';
const ELLIPSIS = '…';
const MIN_SHRINK_PT = 5;

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class TextRenderer {
  private readonly cache = new Map<string, RenderedText>();

  constructor(private readonly fonts: FontFiles) {}

  async render(text: string, sizePt: number, bold: boolean): Promise<RenderedText> {
    const key = `${sizePt}|${bold ? 'b' : 'r'}|${text}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const rendered = await this.renderUncached(text, sizePt, bold);
    this.cache.set(key, rendered);
    return rendered;
  }

  /** The longest prefix of `text` (plus an ellipsis) whose ink fits in maxWidth. */
  async fit(text: string, sizePt: number, bold: boolean, maxWidth: number): Promise<RenderedText> {
    const whole = await this.render(text, sizePt, bold);
    if (whole.textWidth <= maxWidth) return whole;
    const chars = Array.from(text);
    let lo = 0;
    let hi = chars.length - 1;
    let best = await this.render(ELLIPSIS, sizePt, bold);
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = await this.render(chars.slice(0, mid + 1).join('').trimEnd() + ELLIPSIS, sizePt, bold);
      if (candidate.textWidth <= maxWidth) {
        best = candidate;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** The text at the largest size, in half points down to MIN_SHRINK_PT, that fits maxWidth. */
  async shrinkToFit(text: string, sizePt: number, bold: boolean, maxWidth: number): Promise<RenderedText> {
    let size = sizePt;
    let rendered = await this.render(text, size, bold);
    while (rendered.textWidth > maxWidth && size - 0.5 >= MIN_SHRINK_PT) {
      size -= 0.5;
      rendered = await this.render(text, size, bold);
    }
    return rendered;
  }

  private async renderUncached(text: string, sizePt: number, bold: boolean): Promise<RenderedText> {
    const markup =
      `<span foreground="#ff0000">\u2588</span>` + `<span foreground="#000000">${escapeMarkup(text)}</span>`;
    const { data, info } = await sharp({
      text: {
        text: markup,
        font: `${FONT_FAMILY}${bold ? ' Bold' : ''} ${sizePt}`,
        fontfile: bold ? this.fonts.bold : this.fonts.regular,
        dpi: CANVAS_DPI,
        rgba: true,
        wrap: 'none',
      },
    })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { width, height, channels } = info;
    const coverage = new Uint8Array(width * height);
    let anchorTop = height;
    let textLeft = 0;
    let inkRight = -1;
    const isAnchor = (i: number) => (data[i + 3] ?? 0) > 0 && (data[i] ?? 0) > 128 && (data[i + 1] ?? 0) < 128;
    // The block occupies the leftmost columns: find where they end.
    for (let x = 0; x < width; x++) {
      let red = false;
      for (let y = 0; y < height && !red; y++) red = isAnchor((y * width + x) * channels);
      if (!red) {
        textLeft = x;
        break;
      }
      textLeft = x + 1;
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * channels;
        if (isAnchor(i)) {
          if (y < anchorTop) anchorTop = y;
          continue;
        }
        const alpha = data[i + 3] ?? 0;
        if (alpha > 0 && x >= textLeft) {
          coverage[y * width + x] = alpha;
          if (x > inkRight) inkRight = x;
        }
      }
    }
    return {
      coverage,
      width,
      height,
      textLeft,
      anchorTop: anchorTop === height ? 0 : anchorTop,
      textWidth: inkRight < textLeft ? 0 : inkRight - textLeft + 1,
    };
  }
}
