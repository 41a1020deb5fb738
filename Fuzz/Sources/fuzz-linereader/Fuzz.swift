import CFuzzer
import FuzzBodies

/// SwiftPM aliases `main` to `fuzz_linereader_main`; we hand the command line to libFuzzer's driver with our callback.
/// Each input runs through FuzzBodies.lineReader; a trap (fatalError, an ASan report) is a finding.
@_cdecl("fuzz_linereader_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzBodies.lineReader(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
}
