#pragma once

// The native trace format (version 3), shared by the writer and the reader.
//
//   "CORSCOPE"  u32 version
//   then six sections, in this order, each  tag[4]  u32 byteLength  payload:
//     SITE  u32 n, n × { str file, str function, i32 line, i32 column }     (ids 1..n)
//     VALS  u32 n, n × str                                                 (ids 1..n)
//     CORO  u32 n, n × { u8 kind, u8 flags (1 = receivesValues), str name,
//                        u32 creationSite, u32 frameSize, u32 parent }     (ids 1..n)
//     TIMR  u32 n, n × { i64 dueNs, u32 owner, u32 description }          (indices 0..n-1)
//     EVNT  u32 n, n × { u8 kind, u8 aux, u16 flags, u32 coro, u32 site, u32 arg }
//     MARK  u32 n, n × { u32 event, i64 loopNs, i64 wallNs }
//   then, only when the trace embeds source files (version 3 and up):
//     SRCS  u32 n, n × { str path, str text }     (paths strictly increasing in
//                                 UTF-16 order; each text at most 16 MiB, see
//                                 Trace::kMaxSourceTextBytes)
//   Versions 1 and 2 are read too. Version 2 is version 3 without SRCS (a
//   SRCS section in it is an error). Version 1 also differs in Sent events,
//   which carried the value alone (a Resumed followed); see kResumerNotPacked
//   in event.h.
//   Integers are little-endian; str = u32 byte length + UTF-8. Entry 0 of the
//   site, value and coroutine tables is implicit (unknown / empty / nobody).

#include <array>
#include <cstdint>

namespace coroscope::native {

inline constexpr char kMagic[8] = {'C', 'O', 'R', 'S', 'C', 'O', 'P', 'E'};
inline constexpr std::uint32_t kVersion = 3;
inline constexpr std::uint32_t kOldestVersion = 1;
inline constexpr std::uint32_t kSourcesVersion = 3; // the first with SRCS
inline constexpr long long kMaxFileSize = 4ll << 30;

using Tag = std::array<char, 4>;
inline constexpr Tag kSites = {'S', 'I', 'T', 'E'};
inline constexpr Tag kValues = {'V', 'A', 'L', 'S'};
inline constexpr Tag kCoroutines = {'C', 'O', 'R', 'O'};
inline constexpr Tag kTimers = {'T', 'I', 'M', 'R'};
inline constexpr Tag kEvents = {'E', 'V', 'N', 'T'};
inline constexpr Tag kMarks = {'M', 'A', 'R', 'K'};
inline constexpr Tag kSources = {'S', 'R', 'C', 'S'}; // optional, last

// The smallest encoding of one table entry: what a count is checked against
// before anything is allocated.
inline constexpr int kMinSiteBytes = 4 + 4 + 4 + 4;
inline constexpr int kMinValueBytes = 4;
inline constexpr int kMinCoroutineBytes = 1 + 1 + 4 + 4 + 4 + 4;
inline constexpr int kTimerBytes = 8 + 4 + 4;
inline constexpr int kEventBytes = 16;
inline constexpr int kMarkBytes = 4 + 8 + 8;
inline constexpr int kMinSourceBytes = 4 + 4;

inline constexpr std::uint8_t kReceivesValuesFlag = 1;

} // namespace coroscope::native
