import BrowserDriver
import CaseBooks
import Foundation
import HalamjTestSupport
import HubServer
import LinkEmulation
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// Issue 20 in Debian's headless Chromium: a soum worker attaches the scans of a care
/// application on its page (a PDF, and a large photo the page reduces before sending),
/// submits it and syncs with "Sync now" over a rate-limited link (512 kbit/s through
/// tbf in a network namespace: root and iproute2, else skipped with the reason); the
/// district officer opens the scans on the desk's case page and approves; the decree
/// reaches the soum. Every view of a scan is in the access log, at the soum and the hub.
@Suite(.serialized, .enabled(if: LinkNamespace.unavailableReason() == nil, "the rate-limited link needs root and iproute2 (ip netns, tc)"))
struct ScanBrowserTests {
    @Test func scansAttachedAtTheSoum_CrossASlowLink_AndAreReadByTheOfficerWhoDecides() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        LinkNamespace.removeAbandoned(prefix: "halamj-scan")
        let link = try EmulatedLink(to: desk.port, shape: LinkShape(bitsPerSecond: 512_000, burstBytes: 8 * 1024), prefix: "halamj-scan")
        defer { link.stop() }
        let direct = try #require(try desk.soum.upstream())
        try desk.soum.setUpstream(Upstream(url: link.url, token: direct.token))

        // A care application with its papers ticked, not yet submitted.
        let book = CaseBook(store: desk.soum)
        let number = try book.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                   fields: [CareCategory.field: "elderly_without_support"]).number
        _ = try book.markDocuments(number, received: Set(Checklists.documents(for: .careElderly, stage: .soum).map(\.id)))

        let soumWeb = try SoumWeb(desk)
        defer { soumWeb.stop() }
        let browser = try Browser.launch()
        defer { browser.close() }
        let worker = try browser.newPage()
        try worker.setViewport(width: 1366, height: 900)
        try soumWeb.logIn(worker)
        try worker.navigate(to: soumWeb.base + "/cases/\(number)")
        #expect(try worker.text(selector: "#scan-count") == "0")

        // The application as a PDF, chosen as from a scanner's folder.
        try choose(worker, document: "care_application", files: """
            [new File([new Uint8Array([37,80,68,70,45,49,46,52,10].concat(Array.from({length: 60000}, (_, i) => (i * 7919) % 251)))],
                      'өргөдөл.pdf', {type: 'application/pdf'})]
            """)
        try worker.clickAndWaitForNavigation(selector: "#attach-scan", timeout: 30)
        #expect(try worker.text(selector: "#notice").contains("attached"))
        // A 3,000 × 2,000 photo of a paper as a phone takes it (lit unevenly, a little grain,
        // lines of writing): a PNG of several MB, which the page reduces before sending.
        try worker.evaluate("""
            window.photo = new Promise(done => {
              const c = document.createElement('canvas'); c.width = 3000; c.height = 2000;
              const g = c.getContext('2d'); const img = g.createImageData(3000, 2000);
              for (let y = 0, i = 0; y < 2000; y++) for (let x = 0; x < 3000; x++, i += 4) {
                const v = 200 + (x + y) / 100 + ((i * 2654435761) >>> 29);
                img.data[i] = v; img.data[i + 1] = v; img.data[i + 2] = v - 10; img.data[i + 3] = 255;
              }
              g.putImageData(img, 0, 0); g.fillStyle = '#222'; g.font = '48px sans-serif';
              for (let line = 0; line < 30; line++) g.fillText('Асрамжийн газарт асруулахыг хүссэн өргөдөл ' + line, 150, 120 + line * 60);
              c.toBlob(b => done(new File([b], 'зураг.png', {type: 'image/png'})), 'image/png');
            }); 1
            """)
        let original = try worker.evaluate("window.photo.then(f => f.size)", as: Int.self)
        try choose(worker, document: "photos", files: "[await window.photo]")
        try worker.clickAndWaitForNavigation(selector: "#attach-scan", timeout: 60)
        #expect(try worker.text(selector: "#scan-count") == "2")
        let scans = try book.scans(number)
        let photo = try #require(scans.first { $0.document == "photos" })
        #expect(photo.kind == .jpeg && photo.byteCount < original / 4, "reduced in the page: \(original) B → \(photo.byteCount) B")
        #expect(scans.first { $0.document == "care_application" }?.kind == .pdf)
        // The worker opens the PDF: served, and the view logged with the worker's name.
        let href = try worker.evaluate("document.querySelector('#scan-list a.scan-link').getAttribute('href')", as: String.self)
        #expect(try worker.evaluate("fetch('\(href)').then(r => r.headers.get('content-type'))", as: String.self) == "application/pdf")
        #expect(try AccessLog(store: desk.soum).entries(subject: number).contains { $0.action == AccessLog.Action.viewScan && $0.user == SoumWeb.user.name })

        try worker.clickAndWaitForNavigation(selector: "#submit-case")
        // Sync now, over the slow link: records first, then the scans.
        try worker.navigate(to: soumWeb.base + "/sync")
        #expect(try worker.text(selector: "#scans-waiting").hasPrefix("2 ·"))
        try worker.clickAndWaitForNavigation(selector: "#sync-now")
        try worker.waitFor(jsCondition: "document.getElementById('sync-line') && /Дууссан|Амжилтгүй/.test(document.getElementById('sync-line').textContent)",
                           timeout: 120)
        let syncLine = try worker.text(selector: "#sync-line")
        #expect(syncLine.contains("Дууссан"), "\(syncLine)")
        #expect(try worker.text(selector: "#scans-waiting") == "0")
        let crossed = link.entry.traffic.up
        #expect(crossed > scans.map(\.byteCount).reduce(0, +), "the scans crossed the rate-limited link")

        // The officer reads the scans on the desk's case page, then approves.
        let officer = try browser.newPage()
        try officer.setViewport(width: 1366, height: 900)
        let base = "http://127.0.0.1:\(desk.port)/desk"
        try officer.logIn(at: base, DeskFixture.officer.name, DeskFixture.officer.password)
        try officer.navigate(to: base + "/cases/\(number)")
        #expect(try officer.evaluate("document.querySelectorAll('#scan-list a.scan-link').length", as: Int.self) == 2)
        for scan in scans {
            let size = try officer.evaluate("fetch('/desk/cases/\(number)/scans/\(scan.sha256)').then(r => r.arrayBuffer()).then(b => b.byteLength)", as: Int.self)
            #expect(size == scan.byteCount, "\(scan.name) read whole at the desk")
        }
        let hubViews = try AccessLog(store: desk.hubStore).entries(subject: number).filter { $0.action == AccessLog.Action.viewScan }
        #expect(hubViews.count == 2 && hubViews.allSatisfy { $0.user == DeskFixture.officer.name })

        try officer.click(selector: "#approve")
        try officer.fill(selector: "#decree", value: "A/120")
        try officer.click(selector: "#received-official_letter")
        try officer.clickAndWaitForNavigation(selector: "#record-decision")
        #expect(try desk.statusAtHub(number) == "approved")
        try worker.navigate(to: soumWeb.base + "/sync")
        try worker.clickAndWaitForNavigation(selector: "#sync-now")
        try worker.waitFor(jsCondition: "/Дууссан|Амжилтгүй/.test(document.getElementById('sync-line').textContent)", timeout: 60)
        try worker.navigate(to: soumWeb.base + "/cases/\(number)")
        #expect(try worker.text(selector: "#decree-number") == "A/120")
    }

    /// Puts `files` (a JavaScript array expression, awaited) into the scan form's file input,
    /// as the file picker would, and picks `document`.
    func choose(_ page: Page, document: String, files: String) throws {
        try page.evaluate("""
            (async () => {
              const list = new DataTransfer(); for (const f of \(files)) list.items.add(f);
              document.getElementById('scan-file').files = list.files;
              document.getElementById('scan-document').value = '\(document)';
              return document.getElementById('scan-file').files.length;
            })()
            """)
    }
}
