content-whats-new = What’s new
content-published-by = Published by { $source }
content-notice-missing = This page has not been translated into English yet, so it is shown in Spanish.
content-notice-outdated = The Spanish version of this page has changed since this translation was written; it may be out of date.
content-in-other-language = In Spanish
content-working-groups-list = The three working groups
