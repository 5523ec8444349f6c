/// The one style sheet of both web apps (the soum's and the district's desk), served from
/// the app itself: no CDN, no web fonts (DejaVu Sans where installed), fits 1366 px, and a
/// print style that drops the menus and buttons.
public enum WebStyle {
    public static let css = """
        *{box-sizing:border-box}
        body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;margin:0;color:#1d2330;background:#f4f6f9}
        header{background:#1f4e79;color:#fff;padding:8px 16px;display:flex;align-items:center;gap:18px;flex-wrap:wrap}
        header .brand{font-weight:700;font-size:16px}
        header nav a{color:#fff;text-decoration:none;margin-right:12px;padding:4px 2px}
        header nav a.active{border-bottom:2px solid #ffd54f}
        header .who{margin-left:auto;font-size:13px}
        header form{display:inline;margin:0}
        header button{background:none;border:1px solid #9fb7d3;color:#fff;padding:2px 8px;border-radius:3px;cursor:pointer}
        main{max-width:1180px;margin:16px auto;padding:0 16px}
        h1{font-size:20px;margin:0 0 12px}
        h2{font-size:16px;margin:20px 0 8px}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border:1px solid #d5d9e0;padding:5px 8px;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600;font-size:13px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .card{background:#fff;border:1px solid #d5d9e0;border-radius:4px;padding:12px 16px;margin-bottom:14px}
        label{display:block;font-weight:600;margin:10px 0 3px}
        label.check{font-weight:400;margin:4px 0;display:flex;gap:8px;align-items:flex-start}
        input[type=text],input[type=password],input[type=search],input[type=number],input[type=date],select,textarea{font:inherit;padding:6px 8px;border:1px solid #9aa3b1;border-radius:3px;width:100%;max-width:420px}
        input.invalid{border-color:#c62828;background:#fdecea}
        .field-error{color:#c62828;font-size:13px;margin-top:3px}
        .overdue{color:#c62828;font-weight:700}
        .error{background:#fdecea;border:1px solid #e57373;color:#8e1b1b;padding:8px 12px;border-radius:3px;margin:10px 0}
        .notice{background:#e8f5e9;border:1px solid #81c784;padding:8px 12px;border-radius:3px;margin:10px 0}
        .warn{background:#fff8e1;border:1px solid #ffca28;padding:8px 12px;border-radius:3px;margin:10px 0}
        button,.button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:3px;padding:7px 14px;cursor:pointer;text-decoration:none;display:inline-block}
        button.secondary{background:#5f6b7a}
        .green{background:#2e7d32}.spaced{margin-left:12px}main.narrow{max-width:440px}
        .muted{color:#5f6b7a;font-size:13px}
        .badge{display:inline-block;padding:1px 7px;border-radius:3px;font-size:12px;font-weight:600;background:#e3e8ef}
        .badge.ok{background:#2e7d32;color:#fff}.badge.bad{background:#c62828;color:#fff}.badge.wait{background:#f9a825}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:14px;align-items:start}
        ul.plain{list-style:none;padding:0;margin:0}
        .services a{display:block;padding:6px 0}
        dl{display:grid;grid-template-columns:220px 1fr;gap:4px 12px;margin:0}
        dt{color:#5f6b7a}dd{margin:0}
        progress{width:320px}
        figure{margin:16px 0;background:#fff;border:1px solid #d5d9e0;padding:8px 12px;max-width:100%;overflow-x:auto}
        figcaption{font-weight:600;margin-bottom:6px}
        .comment{border-bottom:1px solid #eef1f5;padding-bottom:6px}
        main.sheet{max-width:none}.signature{margin-top:40px}
        form.inline{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:flex-end;margin-bottom:10px}
        form.inline label{margin:0 0 3px}form.inline p{margin:0}form.inline select,form.inline input{width:auto;min-width:150px}
        th .muted{font-weight:400;font-size:11px}table#report td:nth-child(2){min-width:200px}
        @media print{header,form.no-print,button,.no-print{display:none!important}body{background:#fff}main{margin:0;max-width:none}.card{border:0;padding:0}}
        """
}
