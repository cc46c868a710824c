// The regular expression rt-guard's native prefilter searches for (nativeSearchPattern(runtypeRules),
// cli/src/sources/native-patterns.ts), for the bench's "git grep alone" row. A unit test
// (native-patterns.test.ts) checks that it is still exactly what rt-guard runs.
export const NATIVE_PATTERN =
  'rt_live_[A-Za-z0-9]{16}|cnRfbGl2|X2xpdmVf|dF9saXZl|rt_test_[A-Za-z0-9]{16}|cnRfdGVz|X3Rlc3Rf|dF90ZXN0|tv_live_[A-Za-z0-9]{16}|dHZfbGl2|dl9saXZl|tv_test_[A-Za-z0-9]{16}|dHZfdGVz|dl90ZXN0|papi_[A-Za-z0-9]{16}|a2a_[A-Za-z0-9]{16}|ct_live_[A-Za-z0-9]{16}|ct_test_[A-Za-z0-9]{16}';
