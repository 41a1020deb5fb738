import CFuzzer
import FuzzBodies

/// libFuzzer's standard entry point: each input runs through FuzzBodies.json; a trap (fatalError, an ASan report)
/// is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzBodies.json(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// When SwiftPM aliases `main` to `fuzz_json_main` (its testable-executable link), hand the command line to
/// libFuzzer's driver ourselves; otherwise libFuzzer's own main calls LLVMFuzzerTestOneInput.
@_cdecl("fuzz_json_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) }
}
