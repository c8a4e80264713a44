/**
 * Turns a greyscale page raster into a coded fax page: resample to the fax rows,
 * threshold to black and white, and code as T.6 with sharp (libvips/libtiff).
 * Worker-side only: this module loads sharp.
 */

import sharp from 'sharp';
import { BLACK_THRESHOLD, FAX_WIDTH_PX, FAX_X_DPI, FAX_Y_DPI, type FaxResolution } from '../fax-format.js';
import type { CodedFaxPage } from '../fax-tiff-writer.js';
import { readTiffStructure, stripsOf } from '../tiff-structure.js';

/** A one-byte-per-pixel greyscale raster, 0 black to 255 white. */
export interface GreyRaster {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Resamples a square-pixel raster to `rows` rows of FAX_WIDTH_PX pixels. */
export async function resampleToFaxRows(raster: GreyRaster, rows: number): Promise<GreyRaster> {
  if (raster.width === FAX_WIDTH_PX && raster.height === rows) return raster;
  const { data, info } = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 1 } })
    .resize(FAX_WIDTH_PX, rows, { fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w') // raw one-band input otherwise comes out as three-band sRGB
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`resampling gave ${info.channels} channels`);
  return { data, width: info.width, height: info.height };
}

/** Codes a FAX_WIDTH_PX-wide greyscale page (already at fax rows) as a T.6 fax page. */
export async function encodeFaxPage(page: GreyRaster, resolution: FaxResolution): Promise<CodedFaxPage> {
  if (page.width !== FAX_WIDTH_PX) throw new Error(`fax page must be ${FAX_WIDTH_PX} px wide, got ${page.width}`);
  const tiff = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .toColourspace('b-w')
    .threshold(BLACK_THRESHOLD)
    .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true })
    .toBuffer();
  const [structure] = readTiffStructure(tiff);
  if (!structure || structure.width !== page.width || structure.length !== page.height || structure.compression !== 4) {
    throw new Error('sharp did not produce the expected single-page T.6 TIFF');
  }
  return {
    width: structure.width,
    length: structure.length,
    xDpi: FAX_X_DPI,
    yDpi: FAX_Y_DPI[resolution],
    rowsPerStrip: structure.rowsPerStrip,
    strips: stripsOf(tiff, structure),
  };
}
