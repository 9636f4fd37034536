import Foundation
import HTTPSupport
import Hummingbird

/// A site's own stylesheet and script (nothing is fetched from elsewhere), read once.
public struct StaticFiles {
    let files: [String: (type: String, bytes: Data)]

    public init(directory: URL) throws {
        var files: [String: (type: String, bytes: Data)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let type =
                switch (name as NSString).pathExtension {
                case "css": "text/css; charset=utf-8"
                case "js": "text/javascript; charset=utf-8"
                case "svg": "image/svg+xml"
                default: "application/octet-stream"
                }
            files[name] = (type, try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        self.files = files
    }

    public func register(on router: Router<StaffRequestContext>) throws {
        let files = self.files
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let file = files[name] else {
                return Response(status: .notFound)
            }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}
