import Foundation
import GovSearchCore
import Hummingbird
import Reports

/// `/api/reports/{id}/file`: a file the index holds for a report, read by
/// the path the indexer stored (never one a request names).
enum ReportFile {
    /// Largest file served (the indexer's default limit is 20 MB).
    static let maxBytes = 256 << 20

    enum Failure: Error { case unreadable(String) }

    /// The content type of a report file by its format (from its extension).
    static func contentType(path: String, bytes: [UInt8]) -> String {
        switch ReportFormat(path: path) {
        case .text?:
            // Reports come as UTF-8, UTF-16 or GB18030: name the charset only when sure.
            let utf8 = String(validating: bytes, as: UTF8.self) != nil
            let markdown = path.lowercased().hasSuffix(".md") || path.lowercased().hasSuffix(".markdown")
            return (markdown ? "text/markdown" : "text/plain") + (utf8 ? "; charset=utf-8" : "")
        case .html?: return path.lowercased().hasSuffix(".xhtml") ? "application/xhtml+xml" : "text/html"
        case .pdf?: return "application/pdf"
        case .docx?: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx?: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .ofd?: return "application/ofd"
        case .word97?: return path.lowercased().hasSuffix(".wps") ? "application/vnd.ms-works" : "application/msword"
        case .excel97?: return "application/vnd.ms-excel"
        case nil: return "application/octet-stream"
        }
    }

    /// `inline; filename="report-ID.ext"; filename*=UTF-8''NAME`: the file's
    /// own name for saving, with an ASCII stand-in for old clients.
    static func disposition(path: String, id: String) -> String {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let fallback = "report-\(id)" + (ext.isEmpty ? "" : "." + ext)
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "inline; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// The bytes of a regular file, not through a symbolic link, at most `maxBytes`.
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure.unreadable(String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure.unreadable("not a regular file") }
        guard Int(st.st_size) <= maxBytes else { throw Failure.unreadable("larger than \(maxBytes >> 20) MB") }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        return Array(out[..<done])
    }

    /// The answer for `stored`'s primary file (`copy` nil) or its copy number `copy`.
    static func response(_ stored: StoredReport, copy: Int?) -> Response {
        let path: String
        if let copy {
            guard copy < stored.copies.count else {
                return Reply.error(.notFound, "report \(stored.id) has no copy \(copy) (it has \(stored.copies.count); copies count from 0)")
            }
            path = stored.copies[copy].path
        } else {
            path = stored.path
        }
        let bytes: [UInt8]
        do { bytes = try read(path) } catch Failure.unreadable(let why) {
            return Reply.error(.notFound, "the file of report \(stored.id) can no longer be read: \(why)")
        } catch {
            return Reply.error(.notFound, "the file of report \(stored.id) can no longer be read")
        }
        var h = HTTPFields()
        let type = contentType(path: path, bytes: bytes)
        h[.contentType] = type
        h[.contentDisposition] = disposition(path: path, id: stored.id)
        h[.cacheControl] = "no-store"
        // A crawled page is someone else's HTML: shown without scripts, forms or plugins, in an origin of its own.
        if type != "application/pdf" { h[.contentSecurityPolicy] = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'" }
        return Response(status: .ok, headers: h, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
