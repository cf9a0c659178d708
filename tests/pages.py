"""Pages written for the tests that capture or read web archives: two short local news stories."""
from articles.capture.localsite import article_html

FERRY = article_html("Harbour board approves new ferry berth", [
    "The harbour board on Tuesday approved a new ferry berth for the eastern quay, ending a two-year dispute "
    "between the island councils and the shipping line.",
    "\u201cThis is a good day for the islands,\u201d said Ines Valdrada, the board\u2019s chair, after the vote.",
    "Construction is expected to start in the spring and to cost about 14 million, paid from port fees.",
])
BRIDGE = article_html("Council reopens the old swing bridge", [
    "The city council reopened the old swing bridge on Friday after eight months of repairs to its gears.",
    "Engineers said the bridge would now open for boats twice a day, at dawn and at dusk, until the summer.",
])
