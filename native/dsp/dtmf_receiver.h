// DTMF detection (ITU-T Q.23 frequencies, Q.24 acceptance rules).
//
// What it does
//   A receiver consumes 8 kHz linear audio in blocks of any size and reports
//   each digit twice: once when it is recognised (start) and once when it
//   ends, with its duration. Reports are written into a caller-supplied array
//   so that the real-time path never allocates; results do not depend on how
//   the audio is sliced into blocks.
//
//   Two implementations stand behind the one interface:
//     - "tellerline": our own detector, built to the strict Q.24 bars (the
//       AT&T column): accept +/-(1.5% + 2 Hz), reject +/-3.5%; accept 0 to
//       -25 dBm0 per tone; twist +4/-8 dB; accept tones >= 40 ms with pauses
//       >= 40 ms, reject tones <= 23 ms; bridge dropouts <= 10 ms; reject
//       <= -55 dBm0; no talk-off on speech or music. Several times cheaper than
//       spandsp's (bench/dsp.ts prints both).
//     - "spandsp": spandsp's dtmf_rx, kept as the reference and for
//       comparison (it misses some of those bars: it accepts some tones 3.5%
//       off and some 23 ms tones, and its twist limits are exact edges).
//
//   Twist is the high-group level minus the low-group level, in dB (the sign
//   convention of DtmfToneParams.twistDb): +4 means the high-group tone is
//   4 dB louder ("reverse twist"), -8 that it is 8 dB quieter ("standard
//   twist", what a line's high-frequency loss produces).
//
// How ("tellerline")
//   1. Hann-windowed DFT values at the 8 frequencies over 10 ms windows
//      every 5 ms (sliding_dft.h: two sample-pairs per 32-bit multiply-add,
//      no recursion). Windows quieter than -60 dBm0 cost almost nothing.
//   2. Each window proposes a digit if the strongest row and column bins are
//      each at least -40 dBm0, their twist is within -9..+5 dB (Q.24's
//      -8..+4 plus 1 dB for measurement), and together they hold at least 82%
//      of the window's power. The last test is the talk-off guard (second
//      harmonics and every other frequency count against it), and it also
//      rejects windows that a tone only partly fills: a window less than 65%
//      covered cannot reach 82%, which is what makes 23 ms tones fail below.
//   3. A proposal is confirmed if the previous window proposed the same digit
//      and both tones' frequencies, measured from their phase advance between
//      the two windows (X_k conj(X_{k-1}), unambiguous to +/-100 Hz), are
//      within 2.5% + 1 Hz of nominal: halfway between Q.24's accept and
//      reject limits, and independent of level and twist.
//   4. Four consecutive confirmed windows start a digit; six windows without
//      it end the digit. A 40 ms tone fills at least six windows (five
//      confirmations); a 23 ms tone can fill at most four (three); a 10 ms
//      dropout spoils at most five windows, a 40 ms pause at least eight.
//      The duration reported runs from the first to the last window of the
//      digit, less 3 ms for the edge windows' overhang (within +/-3 ms).
//   5. Talk-off guard against music, when a run is about to start a digit:
//      a note with its harmonics, or two notes an octave apart, can pass
//      steps 2 to 4 (a note near 830 Hz and its octave look like 852 + 1633
//      Hz). The digit does not start if
//        - the pair lies outside Q.24's accept band (by more than 2 Hz) and
//          within 16 Hz of a ratio of two low harmonics (fc = 2, 3/2, 4/3
//          or 5/3 x fr, from the measured frequencies): 2:1 and 3:2 never
//          come closer than 10 Hz to a pair inside the accept band, so the
//          guard only takes from the band between accept and reject; or
//        - over the run's confirmed windows, power where the note's next
//          harmonics would fall -- twice the column frequency, the sum of the
//          two, three times the row frequency -- reaches -22 dB against the
//          weaker tone; not while the pair's peaks could clip (clipping
//          makes products near there). White noise at Q.24's 18 dB SNR
//          puts about -29 dB in such a bin, and summing the run's windows
//          keeps it steady (all 32 digits stay right down to 15 dB SNR).
//      A pair of nearly pure notes (harmonics below -22 dB) that falls inside
//      the accept band is, to these measures, a digit.
//   Costs about 2 x 16 multiply-adds per sample in 16-bit integer SIMD plus
//   a few dozen operations per window, plus 3 x 80 16-bit multiply-adds per
//   window while a digit is about to start; measured figures are in
//   native/test/dsp_bench (see bench/dsp.ts).
//
// How ("spandsp")
//   dtmf_rx with its realtime callback (dtmf_rx_get returns nothing once a
//   callback is set). spandsp decides only at the end of its 102-sample
//   blocks, so the wrapper feeds it in pieces that end exactly there and
//   knows the sample of every report; it times each digit itself, from the
//   start report (less one block: spandsp confirms a block later than it
//   ends) to the end report, so durations are only as fine as those blocks
//   (12.75 ms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tl::dsp {

struct DtmfHit {
  char digit;               // one of 0-9 * # A-D
  bool start;               // true: digit recognised; false: digit ended
  uint32_t sampleOffset;    // where in the block the start/end was decided
  uint32_t durationSamples; // on end reports: how long the digit lasted
};

class DtmfReceiver {
 public:
  virtual ~DtmfReceiver() = default;

  // Processes n samples; writes up to maxHits reports into hits and returns
  // how many were written. Reports beyond maxHits are dropped (a block of
  // 160 samples can never legitimately hold more than two).
  virtual size_t process(const int16_t* samples, size_t n, DtmfHit* hits, size_t maxHits) = 0;

  // Forgets any digit in progress (e.g. when a channel is reused).
  virtual void reset() = 0;
};

// Creates a receiver by name ("tellerline" or "spandsp"); nullptr if unknown.
std::unique_ptr<DtmfReceiver> makeDtmfReceiver(std::string_view kind);

}  // namespace tl::dsp
