namespace OrleansCsms.Frontend.Landing;

/// <summary>The public pages' only style sheet, inlined so a page is one request and works offline of any CDN.</summary>
public static class LandingStyles
{
    public const string Css = """
        :root { color-scheme: light dark; --ok: #1a7f37; --busy: #0b5cad; --warn: #9a6700; --bad: #b42318; --muted: #6b7280; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: Canvas; color: CanvasText; }
        main { max-width: 36rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        header { border-bottom: 1px solid color-mix(in srgb, CanvasText 15%, transparent); margin-bottom: 1rem; }
        .operator { margin: 0; color: var(--muted); font-size: .9rem; text-transform: uppercase; letter-spacing: .05em; }
        h1 { margin: .2rem 0 .4rem; font-size: 1.7rem; line-height: 1.2; overflow-wrap: anywhere; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .address { margin: 0 0 1rem; color: var(--muted); overflow-wrap: anywhere; }
        .notice { padding: .75rem 1rem; border-radius: .5rem; background: color-mix(in srgb, var(--warn) 15%, Canvas); }
        .connectors { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
        .connector { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .75rem 1rem; border-radius: .5rem;
            border-left: .4rem solid var(--muted); background: color-mix(in srgb, CanvasText 5%, Canvas); }
        .connector .status { font-weight: 600; }
        .connector.ok { border-left-color: var(--ok); } .connector.ok .status { color: var(--ok); }
        .connector.busy { border-left-color: var(--busy); } .connector.busy .status { color: var(--busy); }
        .connector.warn { border-left-color: var(--warn); } .connector.warn .status { color: var(--warn); }
        .connector.bad { border-left-color: var(--bad); } .connector.bad .status { color: var(--bad); }
        p { overflow-wrap: anywhere; }
        """;
}
