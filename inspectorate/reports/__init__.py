"""Force reports: the pure report builder, the data adapter from the database, and the HTML, PDF,
Word and JSON renderers, with the draft report pages and the `report render` command."""
