#pragma once
// The line of feeder's `co_await sleep(0ms)` in contract.cpp (checked there),
// where the contract suite puts its breakpoint.
inline constexpr int kContractSleepLine = 35;
