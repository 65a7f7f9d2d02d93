import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG plots beside the result JSON (XChart). */
final class Plots {
  private Plots() {}

  /** Latency distribution: sorted values as an empirical CDF (ms on x, percentile on y). */
  static void histogram(String title, double[] ms, Path png) throws Exception {
    if (ms.length == 0) return;
    double[] x = ms.clone();
    Arrays.sort(x);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = 100.0 * (i + 1) / x.length;
    XYChart c =
        new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("ms").yAxisTitle("percentile").build();
    c.getStyler().setLegendVisible(false);
    c.addSeries("cdf", x, y);
    save(c, png);
  }

  static void throughput(Map<Integer, Double> tp, Path png) throws Exception {
    if (tp.isEmpty()) return;
    CategoryChart c =
        new CategoryChartBuilder()
            .width(700)
            .height(450)
            .title("scale-out: objects/s vs applier instances")
            .xAxisTitle("applier instances")
            .yAxisTitle("objects/s")
            .build();
    c.getStyler().setLegendVisible(false);
    c.addSeries("objects/s", new ArrayList<>(tp.keySet()), new ArrayList<>(tp.values()));
    save(c, png);
  }

  /** Per service: [rss MB, cpu s]. */
  static void resources(Map<String, double[]> res, Path png) throws Exception {
    List<String> names = new ArrayList<>(res.keySet());
    List<Double> rss = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (String n : names) {
      rss.add(res.get(n)[0]);
      cpu.add(res.get(n)[1]);
    }
    CategoryChart c =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("cold sync: peak RSS (MB) and CPU seconds per process")
            .xAxisTitle("process")
            .yAxisTitle("MB / s")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.addSeries("peak RSS MB", names, rss);
    c.addSeries("CPU s", names, cpu);
    save(c, png);
  }

  static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Path png) throws Exception {
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("plot " + png);
  }
}
