# Segments (saved filters of the Friends list) and the CSV export.
segments-title = Segments
segments-intro = A segment is a set of filters saved under a name. Opening it shows whoever matches the filters at that moment; the export and, later, the newsletter use segments by name.
segments-panel-title = Segments
segments-save-name = Save these filters as a segment
segments-save-hint = Give them a name, for example “Delegation 2026” or “Newsletter in English”.
segments-save-submit = Save segment
segments-error-name-required = Please give the segment a name.
segments-error-name-taken = There is already a segment with this name. Please choose another one.
segments-none = No segments yet. Filter the list of Friends, then save the filters as a segment.
segments-manage = Rename or delete segments
segments-name = Name
segments-open = Show
segments-export = Export
segments-rename-label = New name for “{ $name }”
segments-rename-submit = Rename
segments-delete = Delete
segments-delete-hint = Deleting a segment only deletes the saved filters, never the people in it.
segments-showing = Segment: { $name }
segments-all-friends = All Friends
segments-export-title = Export to a spreadsheet
segments-export-intro = A CSV file in UTF-8 that Excel, LibreOffice and Google Sheets open with accents intact. It holds personal data: keep it safe and delete it when you are done. Every export is recorded in the audit log.
segments-export-what-segment = Segment “{ $name }”: { $count ->
    [0] no one right now.
    [one] 1 person.
   *[other] { $count } people.
}
segments-export-what-filter = The Friends matching the current filters: { $count ->
    [0] no one.
    [one] 1 person.
   *[other] { $count } people.
}
segments-export-what-all = All Friends: { $count ->
    [0] no one yet.
    [one] 1 person.
   *[other] { $count } people.
}
segments-export-change-filters = Change the filters
segments-export-columns = Columns in the file
segments-export-columns-hint = Choose only what you need.
segments-export-error-no-columns = Please choose at least one column.
segments-export-submit = Download CSV
segments-export-link = Export these people (CSV)
segments-export-file-name = friends
segments-export-yes = yes
segments-export-no = no
segments-export-column-first-name = First name
segments-export-column-last-name = Last name
segments-export-column-email = Email
segments-export-column-email-confirmed = Email confirmed (UTC)
segments-export-column-phone = Phone
segments-export-column-address = Street address
segments-export-column-postal-code = Postal code
segments-export-column-place = City or town
segments-export-column-country = Country
segments-export-column-language = Preferred language
segments-export-column-other-languages = Other languages
segments-export-column-newsletter = Newsletter
segments-export-column-events = Announcements
segments-export-column-interests = Interests
segments-export-column-tags = Tags
segments-export-column-created = Added (UTC)
segments-export-column-last-activity = Last activity (UTC)
segments-export-column-number = Record number
