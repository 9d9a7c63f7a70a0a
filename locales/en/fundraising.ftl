### Fundraising: gifts, funds, campaigns, receipts.

fundraising-tabs = Fundraising
fundraising-tab-gifts = Gifts
fundraising-tab-batch = Deposit slip
fundraising-tab-funds = Funds
fundraising-tab-campaigns = Campaigns
fundraising-tab-settings = Receipt settings
fundraising-optional = (optional)

## Amounts typed into forms
fundraising-amount-hint = In dollars, like 1,234.56
fundraising-amount-empty = Enter an amount.
fundraising-amount-invalid = Write the amount with digits only, like 1,234.56.
fundraising-amount-negative = The amount cannot be negative. For money given back, record a refund.
fundraising-amount-zero = The amount must be more than zero.
fundraising-amount-ambiguous = This amount can be read two ways. Write it like 1,234.56 (comma for thousands, point for cents).
fundraising-amount-too-precise = Cents have two digits at most.
fundraising-amount-too-large = That amount is too large for one entry.

## Methods and kinds
fundraising-method-card = Card
fundraising-method-check = Check
fundraising-method-cash = Cash
fundraising-method-transfer = Bank transfer
fundraising-method-in-kind = In kind
fundraising-kind-gift = Gift
fundraising-kind-refund = Refund
fundraising-kind-correction = Correction
fundraising-check-number = check no. { $number }
fundraising-general-support = General support
fundraising-no-campaign = No campaign
fundraising-anonymous = Anonymous

## Gifts
fundraising-gifts-title = Gifts
fundraising-gift-new = Enter a gift
fundraising-gift-record = Record the gift
fundraising-gift-title = Gift no. { $number }
fundraising-field-amount = Amount
fundraising-field-received-on = Date received
fundraising-field-method = How it was given
fundraising-field-check-number = Check number
fundraising-check-number-hint = For checks only.
fundraising-field-description = What was given
fundraising-description-hint = For in-kind gifts only: describe the goods or services.
fundraising-field-donor-name = Donor's name
fundraising-field-donor-email = Donor's email
fundraising-donor-email-hint = The receipt goes here. Without it, no receipt is emailed.
fundraising-field-donor-language = Language of the receipt
fundraising-field-fund = Designation
fundraising-field-campaign = Campaign
fundraising-field-dedication = Dedication
fundraising-dedication-hint = For example: In memory of …
fundraising-field-acknowledge-as = Public acknowledgment
fundraising-acknowledge-hint = The name to show on the fund's public page. Leave empty to stay anonymous.
fundraising-field-note = Note
fundraising-ledger-recent = Latest entries
fundraising-ledger-empty = No gifts recorded yet.
fundraising-col-number = No.
fundraising-col-date = Date
fundraising-col-donor = Donor
fundraising-col-method = Method
fundraising-col-fund = Fund
fundraising-col-amount = Amount
fundraising-col-receipt = Receipt
fundraising-col-campaign = Campaign
fundraising-col-dates = Dates
fundraising-col-donors = Donors
fundraising-net = Value after refunds and corrections
fundraising-corrections = Refunds and corrections
fundraising-correction-title = Refund or correct
fundraising-correction-intro = The gift itself is never changed: a refund or correction is a new entry in the ledger.
fundraising-correction-kind = What happened
fundraising-correction-refund = Money given back (refund)
fundraising-correction-correction = The amount was entered wrong (correction)
fundraising-correction-amount = Amount
fundraising-correction-amount-hint = For a refund: the amount given back. For a correction: what the gift really was.
fundraising-correction-record = Record
fundraising-error-no-change = This changes nothing.
fundraising-error-too-much = That is more than the gift is worth now.

## Receipts
fundraising-receipt = Receipt
fundraising-receipt-number = Receipt { $number }
fundraising-receipt-sends = { $count ->
    [one] sent once
   *[other] sent { $count } times
}
fundraising-receipt-resend = Send the receipt again
fundraising-receipt-send = Send a receipt
fundraising-receipt-no-email = No email address: no receipt was sent.

## Deposit slip
fundraising-batch-title = Deposit slip
fundraising-batch-intro = Enter every check of one deposit and the slip's total. Nothing is recorded unless the checks add up to the total.
fundraising-field-deposited-on = Deposit date
fundraising-field-slip-total = Total on the slip
fundraising-batch-check = Check { $n }
fundraising-batch-more = More rows
fundraising-batch-record = Record the deposit
fundraising-batch-recorded = { $count ->
    [one] One check recorded, { $total } in all.
   *[other] { $count } checks recorded, { $total } in all.
}
fundraising-error-batch-total = The checks add up to { $sum }, not the slip's total.
fundraising-error-batch-empty = Enter at least one check.

## Funds
fundraising-funds-title = Funds
fundraising-funds-intro = Money set aside for a project of the sister community. Each fund has a public page with its ledger.
fundraising-funds-none = No funds yet.
fundraising-fund-new = New fund
fundraising-fund-create = Create the fund
fundraising-field-name-es = Name in Spanish
fundraising-field-name-en = Name in English
fundraising-field-slug = Address
fundraising-slug-hint = Lower-case letters, digits and hyphens. Made from the Spanish name when empty.
fundraising-field-description-es = Description in Spanish
fundraising-field-description-en = Description in English
fundraising-public-page = Public page
fundraising-money-in = Money in
fundraising-money-out = Money out
fundraising-sent = Sent
fundraising-fees = Fees
fundraising-balance = Balance
fundraising-transfers = Transfers to the community
fundraising-transfers-none = Nothing has been sent yet.
fundraising-transfer-new = Record a transfer
fundraising-transfer-intro = Money sent from this fund to the community. Fees are what the bank and the exchange cost on top.
fundraising-field-sent-on = Date sent
fundraising-field-transfer-amount = Amount sent
fundraising-field-fees = Fees
fundraising-fees-hint = Bank and exchange fees, in dollars.
fundraising-field-purpose = What it paid for
fundraising-field-media = Receipt or photo
fundraising-no-media = None
fundraising-transfer-record = Record the transfer
fundraising-transfer-receipt = Receipt
fundraising-error-name = Enter a name.
fundraising-error-slug = Enter an address with letters or digits.
fundraising-error-slug-taken = This address is already used.
fundraising-error-purpose = Say what the money paid for.
fundraising-error-media = Choose an image from the library.

## Campaigns
fundraising-campaigns-title = Campaigns
fundraising-campaigns-none = No campaigns yet.
fundraising-campaign-new = New campaign
fundraising-campaign-create = Create the campaign
fundraising-field-goal = Goal
fundraising-field-starts-on = Starts
fundraising-field-ends-on = Ends
fundraising-goal = Goal
fundraising-raised = Raised
fundraising-error-ends-before = The end comes before the start.
fundraising-campaign-dates = From { $starts } to { $ends }
fundraising-campaign-since = Since { $starts }
fundraising-progress = { $raised } raised of a { $goal } goal ({ $percent } %)
fundraising-campaign-donors = { $count ->
    [one] One donor so far.
   *[other] { $count } donors so far.
}

## Public fund page
fundraising-public-ledger = Where the money goes
fundraising-public-ledger-intro = Every gift to this fund and every transfer to the community, added up. Money in minus money out is the balance still to be sent.
fundraising-donors = Donors
fundraising-donors-note = Only donors who asked to be named appear here; everyone else gave anonymously.

## Settings
fundraising-settings-title = Receipt settings
fundraising-settings-receipts = What every receipt says
fundraising-settings-intro = Receipts carry the organization's legal name, its EIN and a statement for tax purposes.
fundraising-field-legal-name = Legal name
fundraising-legal-name-hint = Empty: the organization's name.
fundraising-field-ein = EIN
fundraising-ein-hint = Nine digits, like 12-3456789.
fundraising-field-receipt-text-es = Statement in Spanish
fundraising-field-receipt-text-en = Statement in English
fundraising-receipt-text-hint = Empty: "No goods or services were provided in exchange for this gift."
fundraising-settings-save = Save
fundraising-settings-saved = Saved.
fundraising-error-ein = An EIN has nine digits, like 12-3456789.

## Form problems
fundraising-error-method = Choose how it was given.
fundraising-error-check-number = Enter the check number.
fundraising-error-description = Describe what was given.
fundraising-error-date = Enter a date.
fundraising-error-donor-name = Enter the donor's name.
fundraising-error-email = This email address does not look right.
fundraising-error-fund = Choose a fund from the list.
fundraising-error-in-kind-fund = A fund holds money: an in-kind gift goes to general support.
fundraising-error-too-long = Some text was too long and was shortened; check it and send again.

## Donors
fundraising-donors-title = Donors
fundraising-donors-intro = Everyone who gave, the most recent first, with the total after refunds.
fundraising-donors-intro-no-amounts = Everyone who gave, the most recent first. Amounts are for the treasurer.
fundraising-col-gifts = Gifts
fundraising-col-last-gift = Last gift
fundraising-col-total = Total
fundraising-plans-title = Monthly and yearly gifts
fundraising-plans-intro = Card gifts through Stripe that repeat every month or every year. Donors change or cancel them themselves from “My details”.
fundraising-plans-none = No one gives every month or every year yet.
fundraising-col-how-often = How often
fundraising-col-since = Since
fundraising-col-plan-state = State
fundraising-plan-every-month = Every month
fundraising-plan-every-year = Every year
fundraising-plan-active = Active
fundraising-plan-past-due = The last payment failed; Stripe will try the card again
fundraising-plan-cancelled = Cancelled on { $date }

## The donate page
fundraising-donate-title = Give
fundraising-donate-intro = Your gift goes to the work we do together with our sister community: scholarships, projects the community chooses, delegations and advocacy.
fundraising-donate-amount = Amount
fundraising-donate-other = Another amount
fundraising-donate-other-amount = If another amount, how much?
fundraising-donate-frequency = How often
fundraising-donate-frequency-once = Once
fundraising-donate-frequency-month = Every month
fundraising-donate-frequency-year = Every year
fundraising-donate-fund-label = Where your gift goes
fundraising-donate-about-you = About you
fundraising-donate-name = Your name
fundraising-donate-email = Your email
fundraising-donate-email-hint = Your receipt is sent here.
fundraising-donate-optional = (optional)
fundraising-donate-dedication-hint = For example: in memory of María Serrano.
fundraising-donate-anonymous = Do not show my name (anonymous)
fundraising-donate-named = Thank me publicly by name
fundraising-donate-acknowledge-as = The name to show
fundraising-donate-submit = Continue to card payment
fundraising-donate-card-note = You pay on Stripe's secure page; we never see your card number. A monthly or yearly gift can be changed or cancelled at any time from "My details".
fundraising-donate-for-campaign = Your gift counts toward the campaign “{ $campaign }”.
fundraising-donate-problems = Some answers need a look. Nothing was charged.
fundraising-donate-error-amount = Choose an amount, or type another amount.
fundraising-donate-error-fund = Choose where your gift goes from the list.
fundraising-donate-error-stripe = The card payment page could not be opened just now. Nothing was charged; please try again in a moment, or give by check.
fundraising-donate-no-card = Card payments are not available on this site. You can give by check or bank transfer:
fundraising-donate-by-mail-title = Give by check or transfer
fundraising-donate-by-mail-ask = Write to the committee and we will tell you how.
fundraising-donate-product = Gift
fundraising-donate-to-fund = Give to this fund
fundraising-donate-to-campaign = Give to this campaign
fundraising-thanks-title = Thank you!
fundraising-thanks-text = Thank you for your gift. Your receipt will arrive by email as soon as the payment is confirmed.
fundraising-thanks-plans = A monthly or yearly gift can be changed or cancelled at any time:
fundraising-thanks-details-link = My details
fundraising-settings-give-by-mail = Giving by check or transfer
fundraising-settings-give-by-mail-intro = Shown on the donate page: the mailing address for checks, and bank details for transfers. Without card payments configured, this is all the page offers.
fundraising-field-give-by-mail-es = Instructions in Spanish
fundraising-field-give-by-mail-en = Instructions in English
## Reports
fundraising-tab-reports = Reports
fundraising-reports-title = Giving reports, { $year }
fundraising-reports-year = Year
fundraising-reports-show = Show
fundraising-reports-summary = { $count ->
    [one] In { $year }: one gift, { $total } after refunds.
   *[other] In { $year }: { $count } gifts, { $total } after refunds.
}
fundraising-reports-in-kind = Amounts are money only: in-kind gifts are in the spreadsheet but not in these totals. Refunds and corrections count on the day they were made.
fundraising-reports-by-month = By month
fundraising-reports-month = Month
fundraising-reports-chart-title = Giving by month in { $year }
fundraising-reports-chart-desc = Bar chart of the money given each month of { $year }. The highest month is { $month }, with { $total }. The table below gives every month's figures.
fundraising-reports-chart-empty = Bar chart of the money given each month of { $year }: no money was recorded that year.
fundraising-reports-chart-caption = The same figures are in the table below.
fundraising-reports-by-campaign = By campaign
fundraising-reports-by-fund = By fund
fundraising-reports-no-campaign = No campaign
fundraising-reports-general = General support (no fund)
fundraising-reports-nothing = No money was recorded in { $year }.
fundraising-reports-lapsed = Gave in { $previous }, not yet in { $year }
fundraising-reports-lapsed-count = { $count ->
    [0] Everyone who gave in { $previous } has given again in { $year }.
    [one] One donor gave in { $previous } and has not given in { $year }.
   *[other] { $count } donors gave in { $previous } and have not given in { $year }.
}
fundraising-reports-lapsed-total = Given in { $previous }
fundraising-reports-export = Spreadsheet for the accountant
fundraising-reports-export-intro = Every row of the ledger between two dates (gifts, refunds and corrections), with receipt numbers, as a CSV file that Excel and LibreOffice open.
fundraising-reports-from = From
fundraising-reports-to = To (included)
fundraising-reports-download = Download the CSV
fundraising-reports-error-dates = Type both dates as day, month and year.
fundraising-reports-error-order = The first date must not be after the second.
fundraising-reports-file-name = ledger
fundraising-reports-col-receipt = Receipt number
fundraising-reports-col-method = Method
fundraising-reports-col-minor = Amount in cents
fundraising-reports-col-currency = Currency
fundraising-reports-col-kind = Kind
fundraising-reports-kind-gift = Gift
fundraising-reports-kind-refund = Refund
fundraising-reports-kind-correction = Correction

## The public list of funds
fundraising-index-title = Funds and campaigns
fundraising-index-intro = Where the money goes: each fund's public ledger shows what came in, what was sent to the community and what remains.
fundraising-index-campaigns = Campaigns under way
fundraising-index-funds = Funds
fundraising-index-raised = { $raised } raised of { $goal }.
fundraising-index-ends = Ends { $ends }.
fundraising-index-fund-figures = In: { $money_in } · Out: { $money_out } · Balance: { $balance }
fundraising-index-none = No fund has been opened yet.

## Year-end statements
fundraising-tab-statements = Year-end statements
fundraising-statements-title = Year-end statements, { $year }
fundraising-statements-counts = { $donors ->
    [one] One donor gave in { $year }; { $with_email } with an email address.
   *[other] { $donors } donors gave in { $year }; { $with_email } with an email address.
}
fundraising-statements-send-heading = Email every donor their statement
fundraising-statements-intro = Each donor gets one email, in their language, listing the year's gifts with their receipt numbers and the total. Sending again later only reaches donors who have not had theirs: nobody gets two.
fundraising-statements-send = Send the { $year } statements ({ $count })
fundraising-statements-progress = Statements queued: { $queued } of { $total }
fundraising-statements-refresh = This page updates itself every two seconds until all are queued.
fundraising-statements-done = Done: { $queued } of { $total } statements are in the outbox.
fundraising-statements-failed = The last run stopped with an error. Send again: donors who already have their statement will not get another.
fundraising-statements-print-heading = Print a statement
fundraising-statements-no-email = no address: print it
fundraising-statement-title = Statement of gifts { $year }: { $name }
fundraising-statement-back = Back to the year-end statements
