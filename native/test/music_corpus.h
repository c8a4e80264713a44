// A deterministic corpus of synthetic music for DTMF talk-off tests: what a
// caller's radio, a room or music-on-hold echoing back puts on a line.
//
// What it makes
//   Pieces of a few seconds each, every one through an A-law channel, made
//   from a fixed seed (the same samples on every machine; nothing stored):
//     - melodies: single notes from a scale,
//     - octave pairs: a melody doubled an octave up,
//     - dyads: two notes at any interval up to 14 semitones,
//     - chords: triads and seventh chords,
//     - slides: glissandi between any two pitches, alone or in octaves,
//     - long notes with vibrato, alone or in octaves,
//     - a melody over a sustained chord.
//   Fundamentals run from 200 to 2,000 Hz; every note has a harmonic series
//   (amplitude k^-s for s from 0.6 to 3, odd harmonics only for some
//   instruments, +/-3 dB of colour per harmonic), band-limited below
//   3,900 Hz. Notes are plucked (fast attack, exponential decay, upper
//   harmonics dying faster) or sustained (attack, hold, release); pitches
//   follow equal temperament at a reference A4 between 430 and 450 Hz, with
//   a little detuning per note; pieces play at -6 to -30 dBm0.
//
// How
//   Each note is a phase accumulator; its harmonics are the powers of the
//   unit phasor (one complex multiply per harmonic and sample), so
//   vibrato and slides keep the harmonics exactly in tune with the
//   fundamental, as in an instrument.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "signals.h"

namespace tl::test {

enum class MusicKind { Melody, OctavePairs, Dyads, Chords, Slides, Vibrato, MelodyOverChord, kCount };

inline const char* musicKindName(MusicKind k) {
  switch (k) {
    case MusicKind::Melody: return "melody";
    case MusicKind::OctavePairs: return "octave pairs";
    case MusicKind::Dyads: return "dyads";
    case MusicKind::Chords: return "chords";
    case MusicKind::Slides: return "slides";
    case MusicKind::Vibrato: return "vibrato";
    case MusicKind::MelodyOverChord: return "melody over chord";
    case MusicKind::kCount: break;
  }
  return "?";
}

// One note: a fundamental that may slide and wobble, with its harmonics.
struct MusicNote {
  size_t start = 0;        // sample in the piece
  size_t length = 0;       // samples
  double fromHz = 440;     // fundamental at the start ...
  double toHz = 440;       // ... and at the end (exponential slide)
  double vibratoHz = 0;    // vibrato rate
  double vibratoDepth = 0; // relative frequency deviation (0.01 = 1%)
  double dbm0 = -12;       // power of the whole note while sustained
  bool plucked = false;
  double decaySeconds = 0.5;  // plucked: time constant of the fundamental
};

// An instrument: the relative amplitudes of its harmonics.
struct MusicTimbre {
  double slope = 1;     // amplitude of harmonic k is k^-slope ...
  bool oddOnly = false; // ... even ones 20 dB down if set ...
  double colourDb[20] = {};  // ... times this
};

class MusicCorpus {
 public:
  static constexpr double kRate = 8000;
  static constexpr double kPieceSeconds = 10;
  static constexpr double kTopHz = 3900;  // harmonics stop below this

  explicit MusicCorpus(uint32_t seed) : rng_(seed) {}

  // The next piece, through an A-law channel, and what it is.
  std::vector<int16_t> next(MusicKind* kind, std::string* description) {
    const auto k = static_cast<MusicKind>(pieceCount_++ % static_cast<int>(MusicKind::kCount));
    *kind = k;
    Signal s(static_cast<size_t>(kPieceSeconds * kRate), 0.0);
    MusicTimbre timbre = randomTimbre();
    const double a4 = uniform(430, 450);
    const double level = -6 - 6 * static_cast<double>(below(5));  // -6 .. -30 dBm0
    const bool plucked = below(2) == 0;
    std::vector<MusicNote> notes;
    switch (k) {
      case MusicKind::Melody: melody(&notes, a4, level, plucked, 0, 1); break;
      case MusicKind::OctavePairs: melody(&notes, a4, level - 3, plucked, 12, 2); break;
      case MusicKind::Dyads: intervals(&notes, a4, level - 3, plucked, 2); break;
      case MusicKind::Chords: intervals(&notes, a4, level - 5, plucked, 3 + below(2)); break;
      case MusicKind::Slides: slides(&notes, level); break;
      case MusicKind::Vibrato: vibratoNotes(&notes, a4, level); break;
      case MusicKind::MelodyOverChord:
        intervals(&notes, a4, level - 8, false, 3);
        melody(&notes, a4, level - 2, plucked, 0, 1);
        break;
      case MusicKind::kCount: break;
    }
    for (const MusicNote& n : notes) render(s, n, timbre);
    *description = formatDescription(k, a4, level, plucked, timbre);
    return alawChannel(s);
  }

  // Renders one note into s (exposed so a test can check the synthesis).
  static void render(Signal& s, const MusicNote& n, const MusicTimbre& t) {
    const size_t end = std::min(s.size(), n.start + n.length);
    if (end <= n.start) return;
    const double maxHz = std::max(n.fromHz, n.toHz) * (1 + n.vibratoDepth);
    const int harmonics = std::clamp(static_cast<int>(kTopHz / maxHz), 1, 20);
    double amp[20];
    double power = 0;
    for (int h = 0; h < harmonics; ++h) {
      const int k = h + 1;
      double a = std::pow(k, -t.slope) * std::pow(10.0, t.colourDb[h] / 20);
      if (t.oddOnly && k % 2 == 0) a *= 0.1;
      amp[h] = a;
      power += a * a / 2;
    }
    const double scale = dsp::dbm0ToRms(n.dbm0) / std::sqrt(power);
    for (int h = 0; h < harmonics; ++h) amp[h] *= scale;
    // Plucked: each harmonic decays by its own factor per sample (upper ones faster).
    double decay[20];
    for (int h = 0; h < harmonics; ++h) {
      decay[h] = n.plucked ? std::exp(-(1 + 0.6 * h) / (n.decaySeconds * kRate)) : 1.0;
    }
    const size_t len = end - n.start;
    const size_t attack = n.plucked ? static_cast<size_t>(0.004 * kRate) : static_cast<size_t>(0.04 * kRate);
    const size_t release = n.plucked ? static_cast<size_t>(0.01 * kRate) : static_cast<size_t>(0.08 * kRate);
    const double ratio = n.toHz / n.fromHz;
    double phase = 0;
    for (size_t i = 0; i < len; ++i) {
      const double t01 = static_cast<double>(i) / static_cast<double>(len);
      double f = ratio == 1 ? n.fromHz : n.fromHz * std::pow(ratio, t01);
      if (n.vibratoDepth > 0) {
        f *= 1 + n.vibratoDepth * std::sin(2 * std::numbers::pi * n.vibratoHz * static_cast<double>(i) / kRate);
      }
      phase += 2 * std::numbers::pi * f / kRate;
      if (phase > 2 * std::numbers::pi) phase -= 2 * std::numbers::pi;
      double gate = 1;
      if (i < attack) gate = static_cast<double>(i) / static_cast<double>(attack);
      if (len - i < release) gate = std::min(gate, static_cast<double>(len - i) / static_cast<double>(release));
      const std::complex<double> z(std::cos(phase), std::sin(phase));
      std::complex<double> zk = z;
      double sum = 0;
      for (int h = 0; h < harmonics; ++h) {
        sum += amp[h] * zk.imag();
        amp[h] *= decay[h];
        zk *= z;
      }
      s[n.start + i] += gate * sum;
    }
  }

 private:
  // Uniform in [lo, hi) and in [0, n), from the raw generator (the standard
  // distributions may differ between libraries; these do not).
  double uniform(double lo, double hi) { return lo + (hi - lo) * (static_cast<double>(rng_()) / 4294967296.0); }
  int below(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  static double noteHz(double a4, int semitonesFromA4) { return a4 * std::pow(2.0, semitonesFromA4 / 12.0); }

  // A semitone number whose fundamental (and `above` semitones over it) stays in 200..2000 Hz.
  int randomSemitone(double a4, int above) {
    for (;;) {
      const int n = below(40) - 14;  // about 200 Hz (G3) .. 2000 Hz (B6)
      if (noteHz(a4, n) >= 200 && noteHz(a4, n + above) <= 2000) return n;
    }
  }

  MusicTimbre randomTimbre() {
    MusicTimbre t;
    t.slope = uniform(0.6, 3.0);
    t.oddOnly = below(4) == 0;
    for (double& c : t.colourDb) c = uniform(-3, 3);
    return t;
  }

  MusicNote note(double hz, size_t start, size_t length, double dbm0, bool plucked) {
    MusicNote n;
    n.start = start;
    n.length = length;
    n.fromHz = n.toHz = hz * (1 + uniform(-0.003, 0.003));  // players are never exactly in tune
    n.dbm0 = dbm0;
    n.plucked = plucked;
    n.decaySeconds = uniform(0.15, 1.2);
    if (!plucked && below(2) == 0) {
      n.vibratoHz = uniform(4, 7);
      n.vibratoDepth = uniform(0.002, 0.012);
    }
    return n;
  }

  // A melody (with `voices` copies `interval` semitones apart) filling the piece.
  void melody(std::vector<MusicNote>* out, double a4, double dbm0, bool plucked, int interval, int voices) {
    static const int kMajor[7] = {0, 2, 4, 5, 7, 9, 11};
    const int tonic = randomSemitone(a4, interval + 12);
    size_t at = 0;
    const auto total = static_cast<size_t>(kPieceSeconds * kRate);
    int degree = below(7);
    while (at < total) {
      const auto len = static_cast<size_t>(uniform(0.12, 0.9) * kRate);
      const bool legato = below(3) != 0;
      const int semis = tonic + kMajor[degree % 7] + 12 * (degree / 7);
      for (int v = 0; v < voices; ++v) {
        const double hz = noteHz(a4, semis + v * interval);
        if (hz >= 200 && hz <= 2000) {
          out->push_back(note(hz, at, len, dbm0, plucked));
        }
      }
      at += len + (legato ? 0 : static_cast<size_t>(uniform(0.02, 0.2) * kRate));
      degree = std::clamp(degree + below(5) - 2, 0, 13);
    }
  }

  // Blocks of `notes`-note chords (2: dyads at any interval up to 14 semitones).
  void intervals(std::vector<MusicNote>* out, double a4, double dbm0, bool plucked, int notes) {
    static const int kShapes[6][4] = {{0, 4, 7, 11}, {0, 3, 7, 10}, {0, 4, 7, 10},
                                      {0, 3, 6, 9},  {0, 5, 7, 12}, {0, 4, 8, 12}};
    size_t at = 0;
    const auto total = static_cast<size_t>(kPieceSeconds * kRate);
    while (at < total) {
      const auto len = static_cast<size_t>(uniform(0.4, 2.0) * kRate);
      if (notes == 2) {
        const int interval = 1 + below(14);
        const int root = randomSemitone(a4, interval);
        out->push_back(note(noteHz(a4, root), at, len, dbm0, plucked));
        out->push_back(note(noteHz(a4, root + interval), at, len, dbm0 + uniform(-6, 3), plucked));
      } else {
        const int* shape = kShapes[below(6)];
        const int root = randomSemitone(a4, shape[notes - 1]);
        for (int i = 0; i < notes; ++i) {
          out->push_back(note(noteHz(a4, root + shape[i]), at, len, dbm0 + uniform(-4, 2), plucked));
        }
      }
      at += len + static_cast<size_t>(uniform(0, 0.15) * kRate);
    }
  }

  // Glissandi between random pitches (not on any scale), some in octaves.
  void slides(std::vector<MusicNote>* out, double dbm0) {
    size_t at = 0;
    const auto total = static_cast<size_t>(kPieceSeconds * kRate);
    while (at < total) {
      const auto len = static_cast<size_t>(uniform(0.5, 3.0) * kRate);
      const bool octave = below(2) == 0;
      const double top = octave ? 1000 : 2000;
      MusicNote n;
      n.start = at;
      n.length = len;
      n.fromHz = 200 * std::pow(top / 200, uniform(0, 1));
      n.toHz = 200 * std::pow(top / 200, uniform(0, 1));
      n.dbm0 = dbm0 - (octave ? 3 : 0);
      if (below(3) == 0) {
        n.vibratoHz = uniform(4, 7);
        n.vibratoDepth = uniform(0.002, 0.012);
      }
      out->push_back(n);
      if (octave) {
        n.fromHz *= 2;
        n.toHz *= 2;
        n.dbm0 += uniform(-6, 0);
        out->push_back(n);
      }
      at += len + static_cast<size_t>(uniform(0, 0.3) * kRate);
    }
  }

  // Long sustained notes with vibrato, some doubled at the octave.
  void vibratoNotes(std::vector<MusicNote>* out, double a4, double dbm0) {
    size_t at = 0;
    const auto total = static_cast<size_t>(kPieceSeconds * kRate);
    while (at < total) {
      const auto len = static_cast<size_t>(uniform(1.0, 3.0) * kRate);
      const bool octave = below(2) == 0;
      const int semis = randomSemitone(a4, octave ? 12 : 0);
      MusicNote n = note(noteHz(a4, semis), at, len, dbm0 - (octave ? 3 : 0), false);
      n.vibratoHz = uniform(4, 7);
      n.vibratoDepth = uniform(0.003, 0.02);
      out->push_back(n);
      if (octave) {
        n.fromHz *= 2;
        n.toHz *= 2;
        n.dbm0 += uniform(-6, 0);
        out->push_back(n);
      }
      at += len + static_cast<size_t>(uniform(0, 0.2) * kRate);
    }
  }

  static std::string formatDescription(MusicKind k, double a4, double level, bool plucked, const MusicTimbre& t) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s, A4=%.1f Hz, %.0f dBm0, %s, harmonics k^-%.2f%s", musicKindName(k), a4, level,
                  plucked ? "plucked" : "sustained", t.slope, t.oddOnly ? " odd" : "");
    return buf;
  }

  std::mt19937 rng_;
  int pieceCount_ = 0;
};

}  // namespace tl::test
