/**
 * Draws a page plan (text and rules) onto a white greyscale canvas of square 204 dpi
 * pixels. Worker-side only (text comes from TextRenderer, which loads sharp).
 */

import { CANVAS_HEIGHT_PX, CANVAS_WIDTH_PX } from '../fax-format.js';
import type { PagePlan, RuleItem, TextItem } from '../render-protocol.js';
import type { GreyRaster } from './fax-page-encoder.js';
import type { TextRenderer } from './text-renderer.js';

export async function drawPagePlan(plan: PagePlan, text: TextRenderer): Promise<GreyRaster> {
  const canvas: GreyRaster = {
    data: new Uint8Array(CANVAS_WIDTH_PX * CANVAS_HEIGHT_PX).fill(255),
    width: CANVAS_WIDTH_PX,
    height: CANVAS_HEIGHT_PX,
  };
  for (const item of plan.items) {
    if (item.kind === 'rule') drawRule(canvas, item);
    else await drawText(canvas, item, text);
  }
  return canvas;
}

function drawRule(canvas: GreyRaster, rule: RuleItem): void {
  const x0 = Math.max(0, Math.round(rule.x));
  const y0 = Math.max(0, Math.round(rule.y));
  const x1 = Math.min(canvas.width, Math.round(rule.x + rule.width));
  const y1 = Math.min(canvas.height, Math.round(rule.y + rule.height));
  for (let y = y0; y < y1; y++) canvas.data.fill(0, y * canvas.width + x0, y * canvas.width + x1);
}

async function drawText(canvas: GreyRaster, item: TextItem, text: TextRenderer): Promise<void> {
  const rendered =
    item.maxWidth === undefined
      ? await text.render(item.text, item.sizePt, item.bold)
      : item.overflow === 'shrink'
        ? await text.shrinkToFit(item.text, item.sizePt, item.bold, item.maxWidth)
        : await text.fit(item.text, item.sizePt, item.bold, item.maxWidth);
  let inkLeft = item.x;
  if (item.align === 'right') inkLeft = item.x - rendered.textWidth;
  else if (item.align === 'center') inkLeft = item.x - rendered.textWidth / 2;
  const originX = Math.round(inkLeft) - rendered.textLeft;
  const originY = Math.round(item.y) - rendered.anchorTop;
  for (let y = 0; y < rendered.height; y++) {
    const cy = originY + y;
    if (cy < 0 || cy >= canvas.height) continue;
    for (let x = rendered.textLeft; x < rendered.width; x++) {
      const cx = originX + x;
      if (cx < 0 || cx >= canvas.width) continue;
      const cover = rendered.coverage[y * rendered.width + x] ?? 0;
      if (cover === 0) continue;
      const at = cy * canvas.width + cx;
      const ink = 255 - cover;
      if (ink < (canvas.data[at] ?? 255)) canvas.data[at] = ink;
    }
  }
}
