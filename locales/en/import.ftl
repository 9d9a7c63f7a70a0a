# CSV import of supporters (core group).
import-title = Import supporters
import-intro = Bring in a contact list exported from Wix, Action Network, CiviCRM, Mailchimp or a spreadsheet. You will see what would happen before anything changes.
import-upload-title = 1. Choose the file
import-field-file = CSV file
import-file-hint = A .csv file up to { $mb } MB, separated by commas or semicolons, in UTF-8 or Windows-1252 (as Excel saves it). From Excel or Google Sheets: “Save as” or “Download” → CSV.
import-nothing-yet = Uploading changes nothing yet: the next page shows a preview.
import-upload-submit = Upload and preview
import-recent = Recent imports
import-none = No imports yet.
import-col-file = File
import-col-status = Status
import-col-counts = Result
import-col-when = Uploaded
import-status-mapping = needs its columns chosen
import-status-ready = preview ready, not imported yet
import-status-queued = waiting to start
import-status-running = importing
import-status-done = imported
import-status-failed = failed
import-counts-short = { $created } new, { $matched } matched, { $rejected } rejected
import-facts = { $rows } rows · read as { $encoding } · separated by “{ $delimiter }”.
import-source = Recognized as an export from { $source }.
import-running-title = Importing…
import-progress-label = Progress
import-progress-text = { $processed } of { $total } rows done
import-running-hint = You can leave this page: the import goes on without it, and continues after a server restart.
import-done-title = Import finished
import-done-when = Finished { $when }.
import-count-created = { $count ->
    [one] 1 new supporter
   *[other] { $count } new supporters
}
import-count-matched = { $count ->
    [one] 1 row matched someone already in the records
   *[other] { $count } rows matched someone already in the records
} (their empty details filled in, tags and consents added; nothing overwritten)
import-count-rejected = { $count ->
    [one] 1 row rejected
   *[other] { $count } rows rejected
}
import-count-suggested = { $count ->
    [one] 1 possible duplicate
   *[other] { $count } possible duplicates
} to look at (same name and postal code, different email)
import-download-rejected = Download the rejected rows (CSV, with the reason for each)
import-see-list = See the supporters
import-another = Import another file
import-suggestions-title = Possible duplicates
import-suggestions-intro = These new records have the same name and postal code as an older record but a different email. They were not merged: look at both, and merge them if they are the same person.
import-suggestion = Line { $line }:
import-merge = Merge #{ $id } into #{ $into }
import-failed = This import failed and was stopped. Nothing after the last saved batch was imported. Upload the file again to retry; rows already imported will be matched, not duplicated.
import-preview-title = 2. Check the preview
import-preview-intro = Nothing has been imported yet. This is what importing now would do:
import-matched-title = Rows that match someone already in the records
import-rejected-title = Rows that will be rejected, and why
import-line = Line { $line }
import-same-as-line = same email as line { $line }
import-commit = Import { $count } rows now
import-mapping-table = Columns of the file
import-mapping-title = How the columns are read
import-mapping-needed = We could not tell which column holds the email address or the name. Choose what each column holds, then preview again.
import-mapping-intro = Check what each column holds. Change any that are wrong and preview again.
import-mapping-submit = Use these columns and preview again
import-col-column = Column in the file
import-col-samples = First values
import-col-field = Holds
import-unnamed-column = Column { $n } (no name)
import-field-ignore = — do not import —
import-field-email = Email
import-field-first-name = First name
import-field-last-name = Last name
import-field-full-name = Full name
import-field-phone = Phone
import-field-street = Street address
import-field-city = City
import-field-region = State or department
import-field-postal-code = Postal code
import-field-country = Country
import-field-language = Preferred language
import-field-tags = Tags
import-field-newsletter-consent = Newsletter subscription
import-field-newsletter-opt-out = Opted out of bulk email
import-field-notes = Notes
import-error-no-file = Choose a CSV file to upload.
import-error-empty = The file is empty.
import-error-too-large = The file is larger than { $mb } MB. Split it into smaller files.
import-error-workbook = This is a spreadsheet workbook (.xlsx or .xls), not a CSV file. In Excel or Google Sheets, save or download it as CSV first.
import-error-not-text = This file is not a text file. Choose a .csv file.
import-error-invalid-text = The file starts as { $encoding } but has characters that are not valid { $encoding }. Save it again as “CSV UTF-8”.
import-error-quote = A quote (") opened on line { $line } is never closed. Check that line in a spreadsheet.
import-error-columns = Line { $line } has more than { $max } columns.
import-error-header = The name of column { $column } is too long to be a column name. Is the first line of the file the column names?
import-error-rows = The file has more rows than we can import at once ({ $max }). Split it into smaller files.
import-error-no-rows = The file has column names but no rows.
import-error-malformed = Line { $line } cannot be read as CSV.
import-error-not-mapped = Choose which column holds the email address or the name first.
import-error-field-twice = “{ $field }” is chosen for more than one column. Choose it for one column only.
import-error-no-identity-column = Choose at least one column holding the email address or a name.
import-reason-column = Reason
import-reason-field-count = { $found } fields where the column names have { $expected } (a separator missing or extra)
import-reason-field-too-large = field { $column } is longer than { $max } bytes
import-reason-no-identity = neither an email address nor a name
import-reason-bad-email = the email address is not valid
import-cli-preview = { $rows } rows: { $created } new, { $matched } matched, { $rejected } rejected, { $suggested } possible duplicates.
import-cli-confirm = Run again with --yes to import.
import-cli-done = Import #{ $id } finished: { $created } new, { $matched } matched, { $rejected } rejected, { $suggested } possible duplicates.
import-cli-unmapped = Cannot tell which column holds the email address or the name. Upload the file in the web interface to choose the columns by hand.
