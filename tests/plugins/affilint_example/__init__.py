"""A third-party affilint plugin used by the test suite: one rule and one data contribution.

It is "installed" through tests/plugins/affilint_example-0.1.0.dist-info, whose entry_points.txt
registers it in the ``affilint`` group, exactly as a pip-installed package would be.
"""

import affilint


class LinkToShortener(affilint.Rule):
    """
    ## What it does
    Flags links in the main content that go through a generic URL shortener (`bit.ly`), which hides
    the destination from readers.

    ## Why is this bad?
    Readers cannot see where a shortened link leads, and commercial redirects hide behind them.

    ## Example
    ```html
    <article><p><a href="https://bit.ly/abc">offer</a></p></article>
    ```

    ## Use instead
    ```html
    <article><p><a href="https://shop.example/offer">offer</a></p></article>
    ```
    """

    code = "EXM001"
    name = "link-to-shortener"
    family = "EXM"
    severity = affilint.Severity.WARNING
    summary = "Link through a URL shortener."
    options = {"hosts": affilint.Option(["bit.ly"], "Shortener hosts to flag.", list)}

    def check(self, doc):
        for link in doc.links:
            if link.in_main_content and link.host in self.settings["hosts"]:
                yield affilint.Violation(link, f"Link through the shortener {link.host}; link the destination instead.")


@affilint.hookimpl
def affilint_register_rules():
    return [LinkToShortener]


@affilint.hookimpl
def affilint_contribute_data():
    return {
        "affiliate_networks": [
            {
                "id": "examplenet",
                "name": "ExampleNet Partners",
                "redirect_hosts": ["go.examplenet.test"],
                "source": "affilint test suite",
            }
        ]
    }
