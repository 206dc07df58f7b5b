package io.raftdeck.launcher.chaos;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code raftdeck chaos --report}: one self-contained HTML page of a run (Jepsen's timeline and
 * perf plots): the verdict and the text report at the top, then the client operations on a
 * timeline, a row per client, with the fault windows shaded across it and the leaders seen,
 * and latency over time by kind. The page fetches nothing: its CSS and script are inlined and
 * the script draws SVG from the run's data, embedded as JSON. The markup is also well-formed
 * XML (XHTML), so a test reads it with the JDK's parser.
 */
final class ReportPage {

    /** Operations drawn at most; see {@link OperationSample}. */
    static final int MAX_DRAWN = 20_000;
    static final String DATA_ID = "chaos-data";

    private static final Gson GSON = new Gson();

    private ReportPage() {
    }

    /** The page of {@code report}, on a cluster of {@code members}. */
    static String render(ChaosReport report, List<Integer> members) {
        return render(report, members, MAX_DRAWN);
    }

    static String render(ChaosReport report, List<Integer> members, int maxDrawn) {
        List<PageOperation> all = PageOperation.of(report.history(), report.appendHistory());
        OperationSample sample = OperationSample.of(all, maxDrawn);
        List<String> anomalies = report.anomalies();
        String verdict = anomalies.isEmpty() ? "PASS, no anomaly"
                : "FAIL, " + anomalies.size() + " anomalies";
        StringBuilder page = new StringBuilder(256 * 1024);
        page.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n")
                .append("<head>\n<meta charset=\"utf-8\"/>\n<title>raftdeck chaos, seed ")
                .append(report.settings().seed()).append(": ").append(verdict)
                .append("</title>\n<style>\n").append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n");
        page.append("<h1>raftdeck chaos report</h1>\n<p id=\"verdict\" class=\"")
                .append(anomalies.isEmpty() ? "pass" : "fail").append("\">")
                .append(HtmlText.escape(verdict)).append("</p>\n");
        page.append("<details open=\"open\"><summary>The run's report</summary>\n<pre id=\"summary\">")
                .append(HtmlText.escape(text(report))).append("</pre></details>\n");
        page.append("<div id=\"controls\"><button id=\"zoom-in\" type=\"button\">+</button>"
                + "<button id=\"zoom-out\" type=\"button\">\u2212</button>"
                + "<button id=\"zoom-reset\" type=\"button\">reset</button>"
                + "<span id=\"range\"></span><span class=\"hint\">drag across a plot to zoom "
                + "into that time range; hover for details</span></div>\n");
        if (!sample.note().isEmpty()) {
            page.append("<p id=\"bound\">").append(HtmlText.escape(sample.note()))
                    .append("</p>\n");
        }
        page.append("<div id=\"legend\"></div>\n<div id=\"timeline\"></div>\n"
                + "<h2>Latency over time</h2>\n<div id=\"latency\"></div>\n");
        faultTable(page, report.faults(), members);
        page.append("<div id=\"tooltip\"></div>\n<noscript><p>The plots need JavaScript; "
                + "the report and the faults above are plain text.</p></noscript>\n");
        page.append("<script type=\"application/json\" id=\"" + DATA_ID + "\">")
                .append(GSON.toJson(data(report, members, sample, all)))
                .append("</script>\n");
        // CDATA, commented for HTML parsers, keeps the script's < and & legal for XML ones.
        page.append("<script>//<![CDATA[\n").append(resource("report.js"))
                .append("\n//]]></script>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void faultTable(StringBuilder page, List<InjectedFault> faults,
            List<Integer> members) {
        page.append("<h2>Faults</h2>\n<table id=\"faults\"><thead><tr><th>from (s)</th>"
                + "<th>to (s)</th><th>fault</th><th>note</th></tr></thead><tbody>\n");
        for (InjectedFault fault : faults) {
            page.append(String.format("<tr class=\"fault-row\"><td>%.1f</td><td>%.1f</td>"
                    + "<td>%s</td><td>%s</td></tr>%n", fault.startMs() / 1000.0,
                    fault.healedMs() / 1000.0, HtmlText.escape(FaultLabel.of(fault, members)),
                    HtmlText.escape(fault.note())));
        }
        page.append("</tbody></table>\n");
    }

    private static String text(ChaosReport report) {
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        return text.toString().strip();
    }

    private static JsonObject data(ChaosReport report, List<Integer> members,
            OperationSample sample, List<PageOperation> all) {
        JsonObject data = new JsonObject();
        data.addProperty("seed", report.settings().seed());
        data.add("members", GSON.toJsonTree(members));
        data.addProperty("total", sample.total());
        data.addProperty("drawn", sample.drawn().size());
        JsonArray ops = new JsonArray();
        long endNs = 0;
        for (PageOperation op : all) {
            endNs = Math.max(endNs, op.completed() ? op.completeNs() : op.invokeNs());
        }
        for (PageOperation op : sample.drawn()) {
            JsonArray row = new JsonArray();
            row.add(op.process());
            row.add(op.kind());
            row.add(ms(op.invokeNs()));
            // An operation never heard back is drawn open-ended, to the end of the run.
            row.add(op.completed() ? ms(op.completeNs()) : null);
            row.add(op.outcome().toString().toLowerCase());
            row.add(op.key());
            row.add(op.value());
            row.add(op.detail());
            ops.add(row);
        }
        data.add("ops", ops);
        JsonArray faults = new JsonArray();
        for (InjectedFault fault : report.faults()) {
            JsonObject window = new JsonObject();
            window.addProperty("kind", fault.kind().label());
            window.addProperty("label", FaultLabel.of(fault, members));
            window.addProperty("from", fault.startMs());
            window.addProperty("to", fault.healedMs());
            window.addProperty("note", fault.note());
            faults.add(window);
            endNs = Math.max(endNs, fault.healedMs() * 1_000_000);
        }
        data.add("faults", faults);
        JsonArray leaders = new JsonArray();
        for (LeaderWatch.Sighting sighting : report.leaders()) {
            JsonObject leader = new JsonObject();
            leader.addProperty("at", sighting.atMs());
            leader.addProperty("node", sighting.leaderId());
            leader.addProperty("term", sighting.term());
            leaders.add(leader);
        }
        data.add("leaders", leaders);
        data.addProperty("endMs", ms(endNs));
        long bucketNs = LatencySeries.bucketNs(endNs);
        data.addProperty("bucketMs", bucketNs / 1_000_000);
        JsonArray latency = new JsonArray();
        for (LatencySeries.Line line : LatencySeries.of(all, bucketNs)) {
            JsonObject series = new JsonObject();
            series.addProperty("kind", line.kind());
            series.add("points", GSON.toJsonTree(line.points()));
            latency.add(series);
        }
        data.add("latency", latency);
        return data;
    }

    /** ns to ms, kept to a microsecond: enough to hover, short in the page. */
    private static double ms(long ns) {
        return Math.round(ns / 1000.0) / 1000.0;
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report page's " + name
                        + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
