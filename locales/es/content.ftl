content-whats-new = Novedades
content-published-by = Publicado por { $source }
content-notice-missing = Esta página todavía no está traducida al español; por eso se muestra en inglés.
content-notice-outdated = La versión en inglés de esta página cambió después de esta traducción; puede que no esté al día.
content-in-other-language = En inglés
content-working-groups-list = Los tres grupos de trabajo
