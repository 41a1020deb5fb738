import FuzzBodies

/// libFuzzer entry point: one input per call; a trap (fatalError, ASan report) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzBodies.lineReader(UnsafeBufferPointer(start: data, count: size))
    return 0
}
