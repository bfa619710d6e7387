package dev.tusk.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The chart: for each scenario, one bar per peer with Tusk's throughput over the peer's
 * (median of the per-round ratios), a line at parity and a mark at the goal. Drawn
 * with java.awt in headless mode, so the bench needs no charting library.
 */
final class ChartReport {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 90;
    private static final Color[] PEER_COLORS = {new Color(0x33, 0x66, 0xcc), new Color(0x99, 0x33, 0xaa), new Color(0x88, 0x88, 0x88)};

    private ChartReport() {
    }

    /**
     * Draws the chart and writes it as PNG.
     *
     * @param r    the run
     * @param file where to write it
     * @throws IOException if writing fails
     */
    static void write(BenchResults r, Path file) throws IOException {
        ImageIO.write(draw(r), "png", file.toFile());
    }

    /**
     * Draws the chart.
     *
     * @param r the run
     * @return the image
     */
    static BufferedImage draw(BenchResults r) {
        List<String> peers = r.peers();
        List<ScenarioResult> shown = new ArrayList<>();
        double top = 1.5;
        for (ScenarioResult s : r.scenarios()) {
            boolean any = false;
            for (String p : peers) {
                double ratio = s.medianRatio(p);
                if (!Double.isNaN(ratio)) {
                    any = true;
                    top = Math.max(top, ratio * 1.15);
                }
            }
            for (Goal g : s.scenario().goals()) {
                top = Math.max(top, g.factor() * 1.15);
            }
            if (any) {
                shown.add(s);
            }
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Tusk throughput ÷ peer throughput (median of per-round ratios; above 1 = Tusk faster)", LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        RunInfo info = r.info();
        g.drawString(info.started() + (info.config().quick() ? ", QUICK MODE" : "") + ", " + info.machine()
                + ", load " + info.loadBefore() + " → " + info.loadAfter(), LEFT, 46);

        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int baseY = TOP + plotH;
        // Axis and grid.
        for (double v = 0; v <= top + 1e-9; v += 0.25) {
            int y = baseY - (int) Math.round(v / top * plotH);
            g.setColor(v == 1.0 ? Color.BLACK : new Color(0xe6, 0xe6, 0xe6));
            g.setStroke(v == 1.0 ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(1f));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            if (Math.abs(v * 2 - Math.rint(v * 2)) < 1e-9) {
                g.drawString(String.format(java.util.Locale.ROOT, "%.1f×", v), LEFT - 40, y + 4);
            }
        }
        g.setStroke(new BasicStroke(1f));
        if (shown.isEmpty()) {
            g.drawString("no scenario with both Tusk and a peer", LEFT + 20, TOP + 40);
            g.dispose();
            return img;
        }
        int groupW = plotW / shown.size();
        int barW = Math.max(8, (groupW - 24) / peers.size());
        for (int i = 0; i < shown.size(); i++) {
            ScenarioResult s = shown.get(i);
            int x0 = LEFT + i * groupW + (groupW - barW * peers.size()) / 2;
            for (int p = 0; p < peers.size(); p++) {
                double ratio = s.medianRatio(peers.get(p));
                if (Double.isNaN(ratio)) {
                    continue;
                }
                int h = (int) Math.round(Math.min(ratio, top) / top * plotH);
                int x = x0 + p * barW;
                g.setColor(PEER_COLORS[p % PEER_COLORS.length]);
                g.fillRect(x + 1, baseY - h, barW - 2, h);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                String label = Stats.format(ratio);
                g.drawString(label, x + (barW - g.getFontMetrics().stringWidth(label)) / 2, baseY - h - 3);
            }
            // Each goal is marked over the bars of the peers it names.
            for (Goal goal : s.scenario().goals()) {
                int y = baseY - (int) Math.round(goal.factor() / top * plotH);
                g.setColor(new Color(0xcc, 0x22, 0x22));
                g.setStroke(new BasicStroke(2f));
                for (String peer : goal.peers()) {
                    int p = peers.indexOf(peer);
                    if (p >= 0) {
                        g.drawLine(x0 + p * barW - 2, y, x0 + (p + 1) * barW + 2, y);
                    }
                }
                g.setStroke(new BasicStroke(1f));
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            String id = s.scenario().id();
            g.drawString(id, LEFT + i * groupW + (groupW - g.getFontMetrics().stringWidth(id)) / 2, baseY + 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            String title = shorten(s.scenario().title(), groupW);
            g.drawString(title, LEFT + i * groupW + Math.max(0, (groupW - g.getFontMetrics().stringWidth(title)) / 2), baseY + 30);
        }
        // Legend.
        int lx = LEFT;
        int ly = HEIGHT - 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int p = 0; p < peers.size(); p++) {
            g.setColor(PEER_COLORS[p % PEER_COLORS.length]);
            g.fillRect(lx, ly - 10, 14, 12);
            g.setColor(Color.BLACK);
            String label = "Tusk / " + peers.get(p);
            g.drawString(label, lx + 20, ly);
            lx += 40 + g.getFontMetrics().stringWidth(label);
        }
        g.setColor(new Color(0xcc, 0x22, 0x22));
        g.setStroke(new BasicStroke(2f));
        g.drawLine(lx, ly - 4, lx + 16, ly - 4);
        g.setColor(Color.BLACK);
        g.drawString("goal", lx + 22, ly);
        g.dispose();
        return img;
    }

    private static String shorten(String title, int width) {
        int max = Math.max(6, width / 6);
        return title.length() <= max ? title : title.substring(0, max - 1) + "…";
    }
}
