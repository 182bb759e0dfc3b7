"""The curation workbench (#27): from an article to candidate events, sourced and honestly dated, for a person to
review — sentences (``sentences``), dates resolved against the publication day (``dates``), places found offline
(``places``), candidates in the data contract with their confidence and reasons (``propose``), the rule a
candidate repeats a known event by (``matching``), and the files in and out (``files``, ``command``)."""
