import Foundation
import HalamjTestSupport

/// What the nginx tests need of the machine: root (nginx binds and starts its workers as
/// root), Debian's nginx and openssl.
enum NginxRequirement {
    /// Why the tests cannot run here; nil when they can.
    static let missing: String? = {
        if getuid() != 0 { return "not root: nginx is started as root (run the tests as root)" }
        for program in [NginxProcess.program, OpenSSL.program] where !FileManager.default.isExecutableFile(atPath: program) {
            return "\(program) is missing: bash scripts/setup.sh installs it"
        }
        return nil
    }()
}
