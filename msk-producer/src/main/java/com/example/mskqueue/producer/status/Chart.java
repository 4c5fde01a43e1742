package com.example.mskqueue.producer.status;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small chart of the last hour, a value a minute, drawn by the page as an SVG polyline
 * in a {@value #WIDTH} by {@value #HEIGHT} box: no script and no library, so the page
 * works where tasks have no internet and with scripts off.
 *
 * @param id the element's id
 * @param title what it shows
 * @param unit the values' unit
 * @param points the polyline's points, {@code "x,y x,y ..."}; minutes without a value are
 * left out
 * @param latest the newest value, or {@code null}
 * @param max the highest value drawn (the top of the box)
 */
public record Chart(String id, String title, String unit, String points, Double latest, double max) {

	static final int WIDTH = 300;

	static final int HEIGHT = 60;

	/** The chart of {@code values}, a value a minute, oldest first. */
	static Chart of(String id, String title, String unit, List<Double> values) {
		double max = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0);
		double top = (max > 0) ? max : 1;
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			Double value = values.get(i);
			if (value == null) {
				continue;
			}
			double x = (values.size() > 1) ? i * (double) WIDTH / (values.size() - 1) : 0;
			double y = HEIGHT - value / top * (HEIGHT - 2) - 1;
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
		}
		Double latest = null;
		for (int i = values.size() - 1; i >= 0 && latest == null; i--) {
			latest = values.get(i);
		}
		return new Chart(id, title, unit, points.toString().strip(), latest, max);
	}

	/** The newest value as the page prints it. */
	public String latestText() {
		return (this.latest != null) ? String.format(Locale.ROOT, "%.2f", this.latest) + " " + this.unit : "-";
	}

}
