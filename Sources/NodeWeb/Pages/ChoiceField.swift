import SyncModel

extension FormField {
    /// One radio button per option, the option's Mongolian text first. With a single
    /// option it is chosen already: the service admits no other.
    static func choice(_ name: String, _ label: String, options: [Label], chosen: String?, errors: [String: String]) -> String {
        let invalid = errors[name] != nil
        var html = "<fieldset id=\"\(e(name))\" class=\"choice\(invalid ? " invalid" : "")\"\(invalid ? " aria-invalid=\"true\" aria-describedby=\"\(e(name))-error\"" : "")>"
        html += "<legend>\(e(label))</legend>"
        for option in options {
            let checked = option.id == chosen || options.count == 1
            html += "<label class=\"check\"><input type=\"radio\" id=\"\(e(name))-\(e(option.id))\" name=\"\(e(name))\" value=\"\(e(option.id))\"\(checked ? " checked" : "")>"
            html += " <span>\(e(option.mongolian)) <span class=\"muted\">(\(e(option.english)))</span></span></label>"
        }
        if let error = errors[name] { html += "<div class=\"field-error\" id=\"\(e(name))-error\">\(e(error))</div>" }
        return html + "</fieldset>"
    }
}
