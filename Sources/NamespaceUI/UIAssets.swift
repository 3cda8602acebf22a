/// The files of the page at `/ui`, as compiled in from `Assets/` (SwiftPM's
/// `embedInCode`): no build step, nothing read from disk or fetched at run time.
public enum UIAssets {
    public struct File: Sendable {
        /// The name under `/ui/` (`index.html` is `/ui` itself).
        public let name: String
        public let contentType: String
        public let bytes: [UInt8]
    }

    public static let files: [File] = [
        File(name: "index.html", contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
        File(name: "ui.css", contentType: "text/css; charset=utf-8", bytes: PackageResources.ui_css),
        File(name: "app.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.app_js),
        File(name: "model.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.model_js),
        File(name: "views.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.views_js),
        File(name: "dom.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.dom_js),
        File(name: "favicon.svg", contentType: "image/svg+xml", bytes: PackageResources.favicon_svg),
    ]
}
