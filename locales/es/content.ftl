content-whats-new = Novedades
content-published-by = Publicado por { $source }
content-notice-missing = Esta página todavía no está traducida al español; por eso se muestra en inglés.
content-notice-outdated = La versión en inglés de esta página cambió después de esta traducción; puede que no esté al día.
content-in-other-language = En inglés
content-working-groups-list = Los tres grupos de trabajo
content-search-title = Buscar
content-search-results-title = Buscar: { $query }
content-search-label = Palabras que buscar en este sitio
content-search-hint = No importan las tildes ni las mayúsculas: «mision» también encuentra «misión».
content-search-count = { $count ->
    [one] Una página coincide con «{ $query }»:
   *[other] { $count } páginas coinciden con «{ $query }», las más pertinentes primero:
}
content-search-none = Ninguna página coincide con «{ $query }».
content-search-none-hint = Pruebe con menos palabras, con el comienzo de una palabra («organiz» encuentra «organización» y «organizaciones») o consulte el menú de arriba.
content-search-other-language = Buscar «{ $query }» en las páginas en inglés
content-articles-title = Artículos
content-article-by = por { $author }
content-article-tags = Etiquetas
content-articles-tagged = Artículos con la etiqueta “{ $tag }”
content-articles-all = Todos los artículos
content-articles-none = Todavía no hay artículos aquí.
content-articles-in-other-language = Todavía no está traducido al español.
content-articles-pages = Más artículos
content-articles-newer = ← Artículos más recientes
content-articles-older = Artículos anteriores →
content-articles-feed = Siga estos artículos en un lector de noticias (Atom)
content-feed-title = { $organization }: artículos
