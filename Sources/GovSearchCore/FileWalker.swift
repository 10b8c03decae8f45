import Foundation
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// Lists the report files under the given roots.
public enum FileWalker {

    public struct Entry: Sendable {
        var realPath: String
        public var size: Int
        public var mtime: Double
    }

    public struct Problem: Sendable {
        public var path: String
        public var reason: String
    }

    /// Walks every root recursively, following no directory twice (symlink
    /// loops end), and returns the files with a known extension, sorted, each
    /// once, by real path.
    static func walk(_ roots: [String]) -> (files: [Entry], problems: [Problem], roots: [String]) {
        var files: [String: Entry] = [:]
        var problems: [Problem] = []
        var realRoots: [String] = []
        var seenDirs = Set<String>()

        func visit(_ path: String, depth: Int) {
            guard depth < 64 else { problems.append(Problem(path: path, reason: "too deep: directory nesting over 64 levels")); return }
            guard let real = realPath(path) else {
                let e = errno
                switch e {
                case ELOOP: problems.append(Problem(path: path, reason: "symlink loop: the link points back to itself"))
                case ENOENT: problems.append(Problem(path: path, reason: "vanished: broken link or file removed during the run"))
                default: problems.append(Problem(path: path, reason: "unreadable: \(String(cString: strerror(e)))"))
                }
                return
            }
            var st = stat()
            guard stat(real, &st) == 0 else {
                problems.append(Problem(path: path, reason: "unreadable: \(String(cString: strerror(errno)))"))
                return
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                guard seenDirs.insert(real).inserted else { return }  // a loop or a second link to it
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: real) } catch {
                    problems.append(Problem(path: path, reason: "unreadable: directory cannot be listed (\(Indexer.posixReason(error)))"))
                    return
                }
                for name in names.sorted() where !name.hasPrefix(".") {
                    visit(real + "/" + name, depth: depth + 1)
                }
            } else if (st.st_mode & S_IFMT) == S_IFREG {
                guard ReportFormat(path: real) != nil else { return }
                files[real] = Entry(realPath: real, size: Int(st.st_size), mtime: RegularFile.modificationTime(st))
            }
        }

        for root in roots {
            guard let real = realPath(root) else {
                problems.append(Problem(path: root, reason: "not found: no such file or directory"))
                continue
            }
            realRoots.append(real)
            visit(root, depth: 0)
        }
        return (files.values.sorted { $0.realPath < $1.realPath }, problems, realRoots)
    }

    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
