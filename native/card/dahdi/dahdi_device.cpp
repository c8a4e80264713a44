#include "card/dahdi/dahdi_device.h"

#include <dahdi/user.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace tl::card {

static_assert(ELAST == kDahdiEventPending, "fd_io.h's kDahdiEventPending must equal DAHDI's ELAST");

namespace {

// Bearer channels: blocks the driver keeps in each direction. Four blocks
// (80 ms at 20 ms ticks) absorb a late tick without underrunning the line.
constexpr int kBearerBuffers = 4;
// D-channel: frames the driver queues, and the largest frame (CRC included).
constexpr int kDChannelBuffers = 32;
constexpr int kDChannelBufferBytes = 1024;

std::string where(const DahdiChannelRequest& r) {
  return "DAHDI channel " + std::to_string(r.channo) + " (span " + std::to_string(r.span) + ", timeslot " +
         std::to_string(r.timeslot) + ")";
}

const char* systemConfLine(DahdiChannelRole role) {
  return role == DahdiChannelRole::DChannel ? "hardhdlc=<channel>" : "bchan=<first>-<last>";
}

std::string ioctlFailure(const DahdiChannelRequest& r, const char* what) {
  return where(r) + ": " + what + " failed: " + std::strerror(errno);
}

std::string specifyFailure(const DahdiChannelRequest& r) {
  const int err = errno;
  switch (err) {
    case EINVAL:
      return where(r) + " does not exist: is span " + std::to_string(r.span) +
             " present (dahdi_scan) and is dahdiChannelBase right for it? (" + std::strerror(err) + ")";
    case ENXIO:
      return where(r) + " is not configured: add it to /etc/dahdi/system.conf (" + systemConfLine(r.role) +
             ") and run dahdi_cfg -vv (" + std::strerror(err) + ")";
    case EBUSY:
      return where(r) + " is in use by another program (Asterisk? FreeSWITCH? another Tellerline?) (" +
             std::strerror(err) + ")";
    case ENOTTY:
      return r.device + " is not a DAHDI channel device (" + std::strerror(err) + ")";
    default:
      return ioctlFailure(r, "DAHDI_SPECIFY");
  }
}

std::string describeSigtype(int sig) {
  switch (sig) {
    case DAHDI_SIG_NONE: return "unconfigured";
    case DAHDI_SIG_CLEAR: return "a clear channel (bchan)";
    case DAHDI_SIG_HARDHDLC: return "a hardware HDLC channel (hardhdlc)";
    case DAHDI_SIG_HDLCFCS: return "an HDLC channel (dchan)";
    case DAHDI_SIG_HDLCRAW: return "a raw HDLC channel";
    case DAHDI_SIG_CAS: return "a CAS channel (cas)";
    default: return "signalling type " + std::to_string(sig);
  }
}

bool configureBearer(int fd, const DahdiChannelRequest& r, std::string* error) {
  int size = static_cast<int>(r.blockBytes);
  if (ioctl(fd, DAHDI_SET_BLOCKSIZE, &size) < 0) {
    *error = ioctlFailure(r, "DAHDI_SET_BLOCKSIZE");
    return false;
  }
  dahdi_bufferinfo bi{};
  if (ioctl(fd, DAHDI_GET_BUFINFO, &bi) < 0) {
    *error = ioctlFailure(r, "DAHDI_GET_BUFINFO");
    return false;
  }
  bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
  bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
  bi.numbufs = kBearerBuffers;
  bi.bufsize = size;
  if (ioctl(fd, DAHDI_SET_BUFINFO, &bi) < 0) {
    *error = ioctlFailure(r, "DAHDI_SET_BUFINFO");
    return false;
  }
  int law = r.law == Companding::Ulaw ? DAHDI_LAW_MULAW : DAHDI_LAW_ALAW;
  if (ioctl(fd, DAHDI_SETLAW, &law) < 0) {
    *error = ioctlFailure(r, "DAHDI_SETLAW");
    return false;
  }
  // Voice: the kernel treats the channel as audio (its gain tables and, if
  // system.conf names one, its echo canceller apply; see docs/dahdi.md).
  int on = 1;
  if (ioctl(fd, DAHDI_AUDIOMODE, &on) < 0) {
    *error = ioctlFailure(r, "DAHDI_AUDIOMODE");
    return false;
  }
  int flush = DAHDI_FLUSH_ALL;
  if (ioctl(fd, DAHDI_FLUSH, &flush) < 0) {
    *error = ioctlFailure(r, "DAHDI_FLUSH");
    return false;
  }
  return true;
}

bool configureDChannel(int fd, const DahdiChannelRequest& r, std::string* error) {
  dahdi_bufferinfo bi{};
  bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
  bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
  bi.numbufs = kDChannelBuffers;
  bi.bufsize = kDChannelBufferBytes;
  if (ioctl(fd, DAHDI_SET_BUFINFO, &bi) < 0) {
    *error = ioctlFailure(r, "DAHDI_SET_BUFINFO");
    return false;
  }
  return true;
}

}  // namespace

bool checkDahdiDevice(const std::string& device, std::string* error) {
  const int fd = ::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) {
    ::close(fd);
    return true;
  }
  const int err = errno;
  if (err == ENOENT || err == ENODEV || err == ENXIO) {
    *error = device + " does not exist (" + std::strerror(err) +
             "): the DAHDI drivers are not loaded or found no card. Check the card with dahdi_hardware, load "
             "its driver (modprobe dahdi and e.g. wcte43x or wct4xxp), then run dahdi_cfg -vv (see docs/dahdi.md)";
  } else if (err == EACCES || err == EPERM) {
    *error = "no permission to open " + device + " (" + std::strerror(err) +
             "): run Tellerline as a user in the group that owns /dev/dahdi (\"dialout\" on Debian; ls -l /dev/dahdi "
             "shows it), see docs/dahdi.md";
  } else {
    *error = "cannot open " + device + ": " + std::strerror(err);
  }
  return false;
}

UniqueFd openDahdiChannel(const DahdiChannelRequest& r, std::string* error) {
  UniqueFd fd(::open(r.device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    checkDahdiDevice(r.device, error);
    *error = where(r) + ": " + *error;
    return {};
  }
  int channo = r.channo;
  if (ioctl(fd.get(), DAHDI_SPECIFY, &channo) < 0) {
    *error = specifyFailure(r);
    return {};
  }
  dahdi_params p{};
  if (ioctl(fd.get(), DAHDI_GET_PARAMS, &p) < 0) {
    *error = ioctlFailure(r, "DAHDI_GET_PARAMS");
    return {};
  }
  if (p.spanno != r.span || p.chanpos != r.timeslot) {
    *error = "DAHDI channel " + std::to_string(r.channo) + " is timeslot " + std::to_string(p.chanpos) +
             " of span " + std::to_string(p.spanno) + ", not timeslot " + std::to_string(r.timeslot) + " of span " +
             std::to_string(r.span) + ": set dahdiChannelBase to the channel numbers dahdi_scan shows (basechan)";
    return {};
  }
  const bool dchannel = r.role == DahdiChannelRole::DChannel;
  const bool sigOk = dchannel ? (p.sigtype == DAHDI_SIG_HARDHDLC || p.sigtype == DAHDI_SIG_HDLCFCS)
                              : p.sigtype == DAHDI_SIG_CLEAR;
  if (!sigOk) {
    *error = where(r) + " is " + describeSigtype(p.sigtype) + " but Tellerline needs " +
             (dchannel ? "the D-channel there: hardhdlc=" : "a B-channel there: bchan=") +
             std::to_string(r.channo) + " in /etc/dahdi/system.conf, then dahdi_cfg -vv";
    return {};
  }
  if (!(dchannel ? configureDChannel(fd.get(), r, error) : configureBearer(fd.get(), r, error))) return {};
  return fd;
}

bool readDahdiSpanAlarms(int fd, int span, int* dahdiAlarms) {
  dahdi_spaninfo si{};
  si.spanno = span;
  if (ioctl(fd, DAHDI_SPANSTAT, &si) < 0) return false;
  *dahdiAlarms = si.alarms;
  return true;
}

int nextDahdiEvent(int fd) {
  int event = DAHDI_EVENT_NONE;
  if (ioctl(fd, DAHDI_GETEVENT, &event) < 0) return -1;
  return event;
}

UniqueFd openDahdiTimer(const std::string& device, uint32_t tickSamples, std::string* error) {
  UniqueFd fd(::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    checkDahdiDevice(device, error);
    *error = "cannot open the DAHDI timer that paces the engine: " + *error;
    return {};
  }
  int samples = static_cast<int>(tickSamples);
  if (ioctl(fd.get(), DAHDI_TIMERCONFIG, &samples) < 0) {
    *error = device + " is not a DAHDI timer (DAHDI_TIMERCONFIG failed: " + std::strerror(errno) + ")";
    return {};
  }
  return fd;
}

bool acknowledgeDahdiTimer(int fd) {
  int one = 1;
  return ioctl(fd, DAHDI_TIMERACK, &one) == 0;
}

int dahdiBaseChannel(const std::string& sysfsRoot, int span) {
  std::ifstream in(sysfsRoot + "/span-" + std::to_string(span) + "/basechan");
  int base = 0;
  if (in >> base && base > 0) return base;
  return (kE1Timeslots - 1) * (span - 1) + 1;
}

}  // namespace tl::card
