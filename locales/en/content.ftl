content-whats-new = What’s new
content-published-by = Published by { $source }
content-notice-missing = This page has not been translated into English yet, so it is shown in Spanish.
content-notice-outdated = The Spanish version of this page has changed since this translation was written; it may be out of date.
content-in-other-language = In Spanish
content-working-groups-list = The three working groups
content-search-title = Search
content-search-results-title = Search: { $query }
content-search-label = Words to look for on this site
content-search-hint = Capital letters and accents do not matter: “resume” also finds “résumé”.
content-search-count = { $count ->
    [one] One page matches “{ $query }”:
   *[other] { $count } pages match “{ $query }”, best first:
}
content-search-none = No page matches “{ $query }”.
content-search-none-hint = Try fewer words, a shorter form of a word (“organiz” finds “organization” and “organizing”), or look through the menu above.
content-search-other-language = Search the Spanish pages for “{ $query }”
content-articles-title = Articles
content-article-by = by { $author }
content-article-tags = Tags
content-articles-tagged = Articles tagged “{ $tag }”
content-articles-all = All articles
content-articles-none = No articles here yet.
content-articles-in-other-language = Not translated into English yet.
content-articles-pages = More articles
content-articles-newer = ← Newer articles
content-articles-older = Older articles →
content-articles-feed = Follow these articles in a feed reader (Atom)
content-feed-title = { $organization }: articles
