/**
 * The TIFF/F page format this product sends, checked against spandsp 0.0.6 (Debian's
 * libspandsp2 0.0.6+dfsg) by test/fixtures/fax/spandsp-t4-roundtrip.c:
 *
 * - t4_tx_init accepts any TIFF that libtiff decodes as 1 bit per sample, 1 sample per
 *   pixel (uncompressed, PackBits, LZW, T.4 1D/2D, T.6; either FillOrder; it inverts
 *   MinIsBlack itself) and refuses 8-bit greyscale. It does not check the width; T.30
 *   negotiation does, so the width must be a T.4 width: 1728 px for A4 at R8 (204 dpi).
 * - It maps the resolution tags to T.4 codes by nearest match: 204 dpi x 98 dpi gives
 *   R8 x standard (8031 x 3850 px/m), 204 x 196 gives R8 x fine (8031 x 7700 px/m).
 *
 * What we write (the same shape spandsp's own receiver writes): T.6 (CCITT G4),
 * 1 bit, MinIsWhite, 1728 px wide, A4 length, one IFD per page with PageNumber.
 */

export type FaxResolution = 'standard' | 'fine';

/** ITU-T T.4 scan line for A4 at R8: 1728 pixels across 215 mm. */
export const FAX_WIDTH_PX = 1728;

/** Horizontal resolution of R8, in dots per inch. */
export const FAX_X_DPI = 204;

export const FAX_Y_DPI: Readonly<Record<FaxResolution, number>> = { standard: 98, fine: 196 };

/** Rows of one A4 page (297 mm) at each vertical resolution: 3.85 and 7.7 lines/mm. */
export const FAX_A4_ROWS: Readonly<Record<FaxResolution, number>> = { standard: 1143, fine: 2286 };

/**
 * Pages are composed on a square-pixel canvas at 204 dpi (the text renderer and image
 * scaler want square pixels) and then resampled vertically to the fax resolution.
 * Its height is the A4 page length at 204 dpi.
 */
export const CANVAS_DPI = FAX_X_DPI;
export const CANVAS_WIDTH_PX = FAX_WIDTH_PX;
export const CANVAS_HEIGHT_PX = Math.round((FAX_A4_ROWS.fine * CANVAS_DPI) / FAX_Y_DPI.fine);

/** Greyscale level below which a pixel becomes black (a little above mid-grey, so thin
 * anti-aliased strokes of small CJK glyphs survive the threshold). */
export const BLACK_THRESHOLD = 160;

export function isFaxResolution(value: unknown): value is FaxResolution {
  return value === 'standard' || value === 'fine';
}

/** Millimetres to canvas pixels. */
export function mm(value: number): number {
  return Math.round((value * CANVAS_DPI) / 25.4);
}
