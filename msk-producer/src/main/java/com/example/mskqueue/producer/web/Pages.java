package com.example.mskqueue.producer.web;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.web.util.HtmlUtils;

/**
 * The few HTML pages the producer serves to browsers. Every value put in a page is
 * escaped.
 */
final class Pages {

	private Pages() {
	}

	static String form(String topic, int partitions) {
		return page("Send jobs", """
				<h1>Send jobs</h1>
				<form method="post" action="/msk-producer-send">
				  <p><label for="num">Number of jobs</label><br>
				     <input type="number" id="num" name="num" min="1" value="10" required></p>
				  <p><label for="topic">Topic</label><br>
				     <input type="text" id="topic" name="topic" value="%s" required></p>
				  <p><label for="partition_num">Partitions (used only when the topic is new)</label><br>
				     <input type="number" id="partition_num" name="partition_num" min="1" value="%d" required></p>
				  <p><button type="submit" id="send">Send</button></p>
				</form>
				<p>Each job is a random UUID key and a value of 0 to 10: the seconds of work it stands for.</p>
				""".formatted(escape(topic), partitions));
	}

	static String sent(List<String> lines) {
		return page("Jobs sent",
				"<h1 id=\"result\">" + escape(lines.get(0)) + "</h1>\n" + paragraphs(lines.subList(1, lines.size()))
						+ "<p><a id=\"status-link\" href=\"/msk-producer/status\">Watch the queue</a> &middot; "
						+ "<a href=\"/msk-producer\">Send more</a></p>\n");
	}

	static String problem(String title, List<String> lines) {
		return page(title, "<h1>" + escape(title) + "</h1>\n<ul id=\"problems\">\n"
				+ lines.stream().map((line) -> "  <li>" + escape(line) + "</li>").collect(Collectors.joining("\n"))
				+ "\n</ul>\n<p><a href=\"/msk-producer\">Back to the form</a></p>\n");
	}

	private static String paragraphs(List<String> lines) {
		return lines.stream().map((line) -> "<p>" + escape(line) + "</p>\n").collect(Collectors.joining());
	}

	private static String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head><meta charset="utf-8"><title>%s - msk-producer</title></head>
				<body>
				%s</body>
				</html>
				""".formatted(escape(title), body);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
