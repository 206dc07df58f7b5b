package io.raftdeck.launcher.chaos;

import static io.raftdeck.launcher.chaos.ReportFixtures.MEMBERS;
import static io.raftdeck.launcher.chaos.ReportFixtures.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.HistoryBuilder;
import io.raftdeck.history.Outcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportPageTest {

    private static final String HOSTILE_KEY = "<script>alert(1)</script>";
    private static final String HOSTILE_VALUE = "\"&'</script><b>";

    private static final List<InjectedFault> FAULTS = List.of(
            new InjectedFault(FaultKind.KILL, List.of(3), 100, 400, ""),
            new InjectedFault(FaultKind.SPLIT, List.of(1, 2), 500, 900, "heal: <none>"),
            new InjectedFault(FaultKind.TRANSFER, List.of(4, 5), 950, 960, ""));

    private static ChaosReport handMade() {
        History history = new HistoryBuilder()
                .put(1, "k1", "c1-1", 10 * MS, 20 * MS, Outcome.OK)
                .get(1, "k1", "c1-1", 30 * MS, 35 * MS)
                .put(2, HOSTILE_KEY, HOSTILE_VALUE, 150 * MS, 2_150 * MS, Outcome.UNKNOWN)
                .cas(2, "k1", "c1-1", "c2-1", 600 * MS, 610 * MS, Outcome.FAIL)
                .get(0, "k1", "c1-1", 1_000 * MS, 1_002 * MS)
                .build();
        List<AppendOperation> appends = List.of(new AppendOperation(1, 3, "a3-1", Outcome.OK,
                40 * MS, 45 * MS, 7, "committed at index 7 in term 2"));
        return ReportFixtures.report(history, appends, FAULTS,
                List.of(new LeaderWatch.Sighting(0, 4, 2), new LeaderWatch.Sighting(960, 5, 3)));
    }

    private static Document parse(String page) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                page.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(Document document, String id) {
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (id.equals(element.getAttribute("id"))) {
                return element;
            }
        }
        return null;
    }

    private static JsonObject data(Document document) {
        Element script = byId(document, ReportPage.DATA_ID);
        assertNotNull(script, "the page embeds the run's data");
        return JsonParser.parseString(script.getTextContent()).getAsJsonObject();
    }

    @Test
    void thePageParsesAsXmlAndHoldsEveryRowFaultWindowAndLeader() throws Exception {
        // Proves the page is well-formed and carries what the script draws: a row per
        // process (final reads included), each operation with its times and outcome, the
        // fault windows labelled with both sides of a partition, and the leaders seen.
        String page = ReportPage.render(handMade(), MEMBERS);
        Document document = parse(page);
        JsonObject data = data(document);
        JsonArray ops = data.getAsJsonArray("ops");
        assertEquals(6, ops.size());
        assertEquals(6, data.get("total").getAsInt());
        Set<Integer> processes = new TreeSet<>();
        ops.forEach(op -> processes.add(op.getAsJsonArray().get(0).getAsInt()));
        assertEquals(Set.of(0, 1, 2, 3), processes);
        JsonArray unknown = ops.asList().stream().map(op -> op.getAsJsonArray())
                .filter(op -> op.get(4).getAsString().equals("unknown")).findFirst().orElseThrow();
        assertEquals(150.0, unknown.get(2).getAsDouble());
        assertEquals(2150.0, unknown.get(3).getAsDouble());
        assertEquals("APPEND", ops.asList().stream().map(op -> op.getAsJsonArray())
                .filter(op -> op.get(0).getAsInt() == 3).findFirst().orElseThrow()
                .get(1).getAsString());
        List<String> labels = new ArrayList<>();
        data.getAsJsonArray("faults").forEach(f -> labels.add(
                f.getAsJsonObject().get("label").getAsString()));
        assertEquals(List.of("kill node 3", "partition {1,2}|{3,4,5}", "transfer 4\u21925"),
                labels);
        assertEquals(2, data.getAsJsonArray("leaders").size());
        assertEquals(2150.0, data.get("endMs").getAsDouble(), "the plot spans the last answer");
        NodeList rows = byId(document, "faults").getElementsByTagName("tr");
        assertEquals(1 + FAULTS.size(), rows.getLength(), "a header and a row per fault");
        assertEquals("partition {1,2}|{3,4,5}", ((Element) rows.item(2))
                .getElementsByTagName("td").item(2).getTextContent());
        assertEquals("PASS, no anomaly", byId(document, "verdict").getTextContent());
        assertTrue(byId(document, "summary").getTextContent()
                .contains("raftdeck chaos report (seed 7"), "the text report heads the page");
        assertFalse(data.getAsJsonArray("latency").isEmpty(), "latency lines by kind");
    }

    @Test
    void stringsFromTheRunAreEscapedEverywhere() throws Exception {
        // A key or value that looks like markup must stay text: not a script element, not
        // the end of the data's script, intact when read back.
        String page = ReportPage.render(handMade(), MEMBERS);
        assertFalse(page.contains(HOSTILE_KEY), "the raw key never reaches the page");
        assertFalse(page.contains("</script><b>"), "a value cannot close the data's script");
        Document document = parse(page);
        assertEquals(2, document.getElementsByTagName("script").getLength(),
                "only the data and the page's own script");
        assertEquals(0, document.getElementsByTagName("b").getLength());
        JsonArray hostile = data(document).getAsJsonArray("ops").asList().stream()
                .map(op -> op.getAsJsonArray())
                .filter(op -> op.get(0).getAsInt() == 2 && op.get(1).getAsString().equals("PUT"))
                .findFirst().orElseThrow();
        assertEquals(HOSTILE_KEY, hostile.get(5).getAsString());
        assertEquals(HOSTILE_VALUE, hostile.get(6).getAsString());
        assertEquals("heal: <none>", ((Element) byId(document, "faults")
                .getElementsByTagName("tr").item(2)).getElementsByTagName("td").item(3)
                .getTextContent());
    }

    @Test
    void aLargeRunDrawsABoundedSampleKeepingTheFailuresAndSaysSo() throws Exception {
        // Beyond the bound the page draws every failed and unknown operation and evenly
        // spaced ok ones, and tells the reader; the totals still count everything.
        HistoryBuilder builder = new HistoryBuilder();
        for (int i = 0; i < 1_000; i++) {
            builder.put(1 + i % 5, "k1", "v" + i, i * MS, i * MS + MS / 2,
                    i % 100 == 0 ? Outcome.FAIL : Outcome.OK);
        }
        String page = ReportPage.render(ReportFixtures.report(builder.build(), List.of(),
                List.of(), List.of()), MEMBERS, 100);
        Document document = parse(page);
        JsonObject data = data(document);
        assertEquals(100, data.getAsJsonArray("ops").size());
        assertEquals(1_000, data.get("total").getAsInt());
        assertEquals(10, data.getAsJsonArray("ops").asList().stream()
                .filter(op -> op.getAsJsonArray().get(4).getAsString().equals("fail")).count());
        String bound = byId(document, "bound").getTextContent();
        assertTrue(bound.contains("1000 operations") && bound.contains("show 100"), bound);
        assertNotNull(byId(ReportPageTest.parse(ReportPage.render(handMade(), MEMBERS)),
                "timeline"));
        assertEquals(null, byId(parse(ReportPage.render(handMade(), MEMBERS)), "bound"),
                "no note when everything is drawn");
    }
}
