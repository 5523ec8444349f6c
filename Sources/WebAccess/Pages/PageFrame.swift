import HalamjHTTP

/// The HTML around every page of both web apps: Mongolian first, the style sheet and (for
/// the soum's app) its script from the app itself.
public enum PageFrame {
    /// A whole page. `root` is where the app's paths start ("" for the soum's app, "/desk"
    /// at the hub); `script` loads the app's `static/app.js`.
    public static func page(_ title: String, body: String, root: String = "", script: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="mn"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)) · Халамж</title><link rel="stylesheet" href="\(root)/static/app.css"></head>
        <body>
        \(body)
        \(script ? "<script src=\"\(root)/static/app.js\"></script>" : "")
        </body></html>

        """
    }

    /// The hidden field that carries the session's CSRF token in every form.
    public static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(e(token))\">"
    }
}

/// HTML-escaped text.
func e(_ text: String) -> String { HTMLText.escape(text) }
