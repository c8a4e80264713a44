// Test documents for the fax tests: multi-page TIFF/F files written with
// libtiff (1728 px wide, 1-bit, MinIsWhite, G4 or G3, 204x98 or 204x196 dpi)
// holding page-like content from a fixed seed -- lines of "text" made of
// stroke glyphs, rules and a box, different on every page -- and a reader
// that decodes any bilevel TIFF back to pixels (black = 1) for comparison.
#pragma once

#include <tiffio.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace tl::test {

struct Bitmap {
  uint32_t width = 0;
  uint32_t length = 0;
  float xDpi = 0;
  float yDpi = 0;
  std::vector<uint8_t> black;  // width * length, 1 = black

  void set(uint32_t x, uint32_t y) {
    if (x < width && y < length) black[static_cast<size_t>(y) * width + x] = 1;
  }
  uint8_t at(uint32_t x, uint32_t y) const { return black[static_cast<size_t>(y) * width + x]; }
  size_t blackCount() const {
    size_t n = 0;
    for (uint8_t b : black) n += b;
    return n;
  }
};

// A page of the given resolution: text lines over the top `fill` of the
// page (0..1), rules and a frame. Row count is A4 (297 mm) at yDpi.
inline Bitmap makePage(uint32_t seed, int yDpi, double fill = 0.35, uint32_t width = 1728) {
  Bitmap b;
  b.width = width;
  b.length = static_cast<uint32_t>(297.0 / 25.4 * yDpi);
  b.xDpi = 204;
  b.yDpi = static_cast<float>(yDpi);
  b.black.assign(static_cast<size_t>(b.width) * b.length, 0);
  std::mt19937 rng(seed);
  const double yScale = yDpi / 196.0;  // glyph shapes drawn at fine resolution
  auto rect = [&](uint32_t x0, uint32_t y0, uint32_t w, uint32_t h) {
    for (uint32_t y = y0; y < y0 + h; ++y)
      for (uint32_t x = x0; x < x0 + w; ++x) b.set(x, y);
  };
  // Frame and a heading bar.
  const auto row = [&](double mm) { return static_cast<uint32_t>(mm / 25.4 * yDpi); };
  rect(60, row(10), b.width - 120, 3);
  rect(60, row(285), b.width - 120, 3);
  rect(60, row(10), 3, row(285) - row(10));
  rect(b.width - 63, row(10), 3, row(285) - row(10));
  rect(100, row(15), 600 + (seed % 7) * 40, static_cast<uint32_t>(40 * yScale));
  // Text: glyphs 14 px wide, 24 fine rows high, of 2..4 random strokes.
  const uint32_t lineHeight = static_cast<uint32_t>(36 * yScale);
  const uint32_t glyphHeight = static_cast<uint32_t>(24 * yScale);
  const uint32_t lastLine = row(25) + static_cast<uint32_t>(fill * (row(280) - row(25)));
  std::uniform_int_distribution<int> strokes(2, 4);
  std::uniform_int_distribution<int> coin(0, 99);
  for (uint32_t y = row(25); y + lineHeight < lastLine; y += lineHeight) {
    uint32_t x = 100;
    const uint32_t end = b.width - 100 - static_cast<uint32_t>(coin(rng) * 6);
    while (x + 16 < end) {
      if (coin(rng) < 16) {  // word gap
        x += 14;
        continue;
      }
      const int n = strokes(rng);
      for (int s = 0; s < n; ++s) {
        if (coin(rng) < 50) {  // vertical stroke
          const uint32_t sx = x + static_cast<uint32_t>(coin(rng) % 11);
          const uint32_t sy = y + static_cast<uint32_t>(coin(rng) % 8 * yScale);
          rect(sx, sy, 2, glyphHeight - (sy - y));
        } else {  // horizontal stroke
          const uint32_t sy = y + static_cast<uint32_t>((coin(rng) % 22) * yScale);
          rect(x, sy, 12, yDpi > 100 ? 2 : 1);
        }
      }
      x += 16;
    }
    if (coin(rng) < 10) rect(100, y + lineHeight - 4, b.width - 200, 1);  // a rule
  }
  return b;
}

// Writes pages as one TIFF/F file (compression COMPRESSION_CCITTFAX4 or
// COMPRESSION_CCITTFAX3). Returns an empty string or what went wrong.
inline std::string writeTiff(const std::string& path, const std::vector<Bitmap>& pages,
                             uint16_t compression = COMPRESSION_CCITTFAX4) {
  TIFF* t = TIFFOpen(path.c_str(), "w");
  if (!t) return "cannot create " + path;
  std::vector<uint8_t> row;
  for (size_t p = 0; p < pages.size(); ++p) {
    const Bitmap& b = pages[p];
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, b.width);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, b.length);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(t, TIFFTAG_COMPRESSION, compression);
    if (compression == COMPRESSION_CCITTFAX3) TIFFSetField(t, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_2DENCODING);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(t, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, b.length);
    TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    TIFFSetField(t, TIFFTAG_XRESOLUTION, b.xDpi);
    TIFFSetField(t, TIFFTAG_YRESOLUTION, b.yDpi);
    TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    TIFFSetField(t, TIFFTAG_PAGENUMBER, static_cast<uint16_t>(p), static_cast<uint16_t>(pages.size()));
    row.assign((b.width + 7) / 8, 0);
    for (uint32_t y = 0; y < b.length; ++y) {
      std::fill(row.begin(), row.end(), 0);
      for (uint32_t x = 0; x < b.width; ++x) {
        if (b.at(x, y)) row[x / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));
      }
      if (TIFFWriteScanline(t, row.data(), y, 0) < 0) {
        TIFFClose(t);
        return "cannot write " + path;
      }
    }
    if (!TIFFWriteDirectory(t)) {
      TIFFClose(t);
      return "cannot write a directory of " + path;
    }
  }
  TIFFClose(t);
  return "";
}

// Decodes every page of a bilevel TIFF; empty with *error set on failure.
inline std::vector<Bitmap> readTiff(const std::string& path, std::string* error) {
  std::vector<Bitmap> pages;
  TIFF* t = TIFFOpen(path.c_str(), "r");
  if (!t) {
    *error = "cannot open " + path;
    return pages;
  }
  do {
    Bitmap b;
    uint16_t photometric = PHOTOMETRIC_MINISWHITE;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &b.width);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &b.length);
    TIFFGetField(t, TIFFTAG_PHOTOMETRIC, &photometric);
    TIFFGetField(t, TIFFTAG_XRESOLUTION, &b.xDpi);
    TIFFGetField(t, TIFFTAG_YRESOLUTION, &b.yDpi);
    uint16_t unit = RESUNIT_INCH;
    TIFFGetFieldDefaulted(t, TIFFTAG_RESOLUTIONUNIT, &unit);
    if (unit == RESUNIT_CENTIMETER) {
      b.xDpi *= 2.54f;
      b.yDpi *= 2.54f;
    }
    b.black.assign(static_cast<size_t>(b.width) * b.length, 0);
    std::vector<uint8_t> row(static_cast<size_t>(TIFFScanlineSize(t)));
    for (uint32_t y = 0; y < b.length; ++y) {
      if (TIFFReadScanline(t, row.data(), y, 0) < 0) {
        *error = path + ": cannot decode row " + std::to_string(y);
        TIFFClose(t);
        return {};
      }
      for (uint32_t x = 0; x < b.width; ++x) {
        const bool bit = (row[x / 8] >> (7 - x % 8)) & 1;
        if (bit == (photometric == PHOTOMETRIC_MINISWHITE)) b.set(x, y);
      }
    }
    pages.push_back(std::move(b));
  } while (TIFFReadDirectory(t));
  TIFFClose(t);
  return pages;
}

// "" if the documents hold the same pages pixel for pixel (rows below
// `skipRows` of the received pages are compared with the sent pages from
// row 0: spandsp puts its header line above the image). Otherwise a
// description of the first difference.
inline std::string compareDocuments(const std::vector<Bitmap>& sent, const std::vector<Bitmap>& received,
                                    uint32_t skipRows = 0) {
  if (sent.size() != received.size()) {
    return "sent " + std::to_string(sent.size()) + " pages, received " + std::to_string(received.size());
  }
  for (size_t p = 0; p < sent.size(); ++p) {
    const Bitmap& a = sent[p];
    const Bitmap& b = received[p];
    if (a.width != b.width || a.length + skipRows != b.length) {
      return "page " + std::to_string(p + 1) + ": sent " + std::to_string(a.width) + "x" + std::to_string(a.length) +
             ", received " + std::to_string(b.width) + "x" + std::to_string(b.length);
    }
    size_t diff = 0;
    uint32_t firstRow = 0;
    for (uint32_t y = 0; y < a.length; ++y) {
      for (uint32_t x = 0; x < a.width; ++x) {
        if (a.at(x, y) != b.at(x, y + skipRows)) {
          if (diff++ == 0) firstRow = y;
        }
      }
    }
    if (diff) {
      return "page " + std::to_string(p + 1) + ": " + std::to_string(diff) + " pixels differ, first in row " +
             std::to_string(firstRow);
    }
  }
  return "";
}

}  // namespace tl::test
