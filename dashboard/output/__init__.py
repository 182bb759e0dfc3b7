"""Ways out of a view: exports, reports, images, embeds, links and the HTML pages around them."""
