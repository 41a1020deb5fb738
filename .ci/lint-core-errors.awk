# Issue #14's error rules for the core's Swift files named as arguments (the Makefile's lint-errors-* targets):
#   - no `ToolError` (the command line's error): the core throws `SessionError`;
#   - every `try?` says why ignoring the error is right: `// ignored: <why>` on its line or the line before;
#   - no error message or hint names an option (` --name`): that is a `SessionError.Remedy` case, worded for the
#     command line in CommandLine/ErrorMapping.swift.
# Prints `file:line: problem` for each finding and exits 1 when there is one.
function report(what) {
    printf "%s:%d: %s\n", FILENAME, FNR, what
    found = 1
}
FNR == 1 { prev = ""; depth = 0 }
{
    line = $0
    if (line ~ /(^|[^A-Za-z0-9_])ToolError([^A-Za-z0-9_]|$)/)
        report("ToolError in the core: throw SessionError (CommandLine/ErrorMapping.swift maps it)")
    if (line ~ /(^|[^A-Za-z0-9_.])try\?/ && line !~ /\/\/ ignored:/ && prev !~ /\/\/ ignored:/)
        report("try? without an '// ignored: <why>' comment on its line or the line before")
    # Error texts: from `SessionError(` (to its closing parenthesis), `hint:`, `remedy:` or `.words(` on.
    code = line
    if (code ~ /^[ \t]*\/\//) code = ""
    sub(/[ \t]\/\/ .*$/, "", code)
    start = match(code, /SessionError\(|hint:|remedy:|\.words\(/)
    if (depth > 0 || start > 0) {
        segment = depth > 0 ? code : substr(code, start)
        if (segment ~ /(^|[ "'(])--[A-Za-z]/)
            report("an error message or hint names an option: make it a SessionError.Remedy case")
        if (depth > 0 || segment ~ /^SessionError\(/) {
            opens = gsub(/\(/, "(", segment)
            closes = gsub(/\)/, ")", segment)
            depth += opens - closes
            if (depth < 0) depth = 0
        }
    }
    prev = line
}
END { exit found }
