/// The one shell quoter, for every command we print (resume commands, hints) or write (hooks, shims, completion
/// scripts, the git merge driver).
public enum Shell {
    /// `s` as one POSIX shell word: as it is when it is not empty and holds only letters, digits and `/._-+=:@,%`
    /// (none of them special to sh, bash, zsh or fish in an argument), else single-quoted.
    public static func word(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+=:@,%".contains($0) }) { return s }
        return quoted(s)
    }

    /// Always single-quoted: `'…'`, an embedded `'` as `'\''`.
    public static func quoted(_ s: String) -> String {
        "'" + s.replacingText("'", with: "'\\''") + "'"
    }
}
