import rule from '../../rules/desktop-secret-written.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { desktopFlowId } from '../helpers/builders.js';

const DESKTOP = desktopFlowId(0);
const W = `/ImportExportXml/Workflows/Workflow/${DESKTOP}/Definition`;
const PACKAGE = '/properties/definition/package';

/** A script whose header marks `sensitive` and declares `Password`, then `body`. */
function script(body: string[], sensitive: string[] = ['Password']): string {
  return [
    "@@ConnectionString: ''",
    `@SENSITIVE: [${sensitive.join(', ')}]`,
    "@INPUT Password : { 'Description': 'Password', 'DefaultValue': '', 'Type': 'String' }",
    "@INPUT Report : { 'Description': 'Report', 'DefaultValue': '', 'Type': 'String' }",
    ...body,
  ].join('\r\n');
}

const desktop = (body: string[], sensitive?: string[]) => ({ solution: { desktopFlows: { 'Funding draw': script(body, sensitive) } } });

/** One statement per sink kind, each writing `value`. */
const SINKS: Record<string, (value: string) => string> = {
  file: (v) =>
    `File.WriteText File: $'''C:\\\\out\\\\report.txt''' TextToWrite: ${v} AppendNewLine: True IfFileExists: File.IfFileExists.Overwrite Encoding: File.FileEncoding.UTF8`,
  csv: (v) =>
    `File.WriteToCSVFile.WriteCSV VariableToWrite: ${v} CSVFile: $'''C:\\\\out\\\\report.csv''' CsvFileEncoding: File.CSVEncoding.UTF8 IncludeColumnNames: False IfFileExists: File.IfFileExists.Overwrite ColumnsSeparator: File.CSVColumnsSeparator.SystemDefault`,
  excel: (v) => `Excel.WriteToExcel.WriteCell Instance: ExcelInstance Value: ${v} Column: 1 Row: 1`,
  clipboard: (v) => `Clipboard.SetText Text: ${v}`,
  'message dialog': (v) =>
    `Display.ShowMessageDialog.ShowMessage Title: $'''Debug''' Message: ${v} Icon: Display.Icon.None Buttons: Display.Buttons.OK DefaultButton: Display.DefaultButton.Button1 IsTopMost: False ButtonPressed=> ButtonPressed`,
  'input dialog': (v) =>
    `Display.InputDialog Title: $'''Confirm''' Message: $'''Check the value''' DefaultValue: ${v} InputType: Display.InputType.SingleLine IsTopMost: False UserInput=> UserInput ButtonPressed=> ButtonPressed`,
  'SMTP e-mail': (v) =>
    `Email.SendEmailThroughSMTP.SendEmail SmtpServer: $'''smtp.contoso.com''' Port: 587 EnableSSL: True SmtpUsername: $'''robot@contoso.com''' SmtpPassword: Password Sender: $'''robot@contoso.com''' ReceiversEmail: $'''ops@contoso.com''' Subject: $'''Run report''' Body: ${v} IsBodyHtml: False IgnoreCertificates: False`,
  'Outlook e-mail': (v) =>
    `Outlook.SendEmailThroughOutlook.SendEmail Instance: OutlookInstance Account: $'''robot@contoso.com''' SendTo: $'''ops@contoso.com''' Subject: $'''Run report''' Body: ${v} IsBodyHtml: False`,
  log: (v) => `Logging.LogMessage LogLevel: Logging.LogLevel.Information Message: ${v}`,
};

/** Places a secret is used, not written out. */
const NON_SINKS: Record<string, string> = {
  'typed into a password box':
    "UIAutomation.PopulateTextField.PopulateTextField TextField: appmask['Window \\'Login\\'']['Edit \\'Password\\''] Text: Password Mode: UIAutomation.PopulateTextMode.Replace",
  'typed into a web field':
    "WebAutomation.PopulateTextField.PopulateTextFieldUsePhysicalKeyboard BrowserInstance: Browser Control: appmask['Web Page \\'Login\\'']['Input password \\'pwd\\''] Text: Password Mode: WebAutomation.PopulateTextMode.Replace UnfocusAfterPopulate: False WaitForPageToLoadTimeout: 60",
  'sent as keys': 'MouseAndKeyboard.SendKeys.FocusAndSendKeys TextToSend: Password DelayBetweenKeystrokes: 10 SendTextAsHardwareKeys: False',
  'passed to a subflow': 'CALL SignIn',
  'the SMTP password slot': `Email.SendEmailThroughSMTP.SendEmail SmtpServer: $'''smtp.contoso.com''' Port: 587 EnableSSL: True SmtpUsername: $'''robot@contoso.com''' SmtpPassword: Password Sender: $'''robot@contoso.com''' ReceiversEmail: $'''ops@contoso.com''' Subject: $'''Run report''' Body: Report IsBodyHtml: False IgnoreCertificates: False`,
};

ruleTester(rule, {
  valid: [
    ...Object.entries(NON_SINKS).map(([name, line]) => ({ name: `non-sink: ${name}`, ...desktop([line]) })),
    ...Object.entries(SINKS).map(([name, sink]) => ({ name: `${name} with a plain variable`, ...desktop([sink('Report')]) })),
    { name: 'a property of the secret (its length) is not the secret', ...desktop([SINKS.file("$'''Length: %Password.Length%'''")]) },
    { name: 'the name in plain text is not the variable', ...desktop([SINKS.file("'Password'")]) },
    { name: 'a disabled action does not run', ...desktop([`DISABLE ${SINKS.clipboard('Password')}`]) },
    { name: 'a non-secret copy is not tracked', ...desktop(['SET Copy TO Report', SINKS.file('Copy')]) },
    { name: 'a secret-looking name the name rules reject', ...desktop(['SET PasswordExpiryDate TO Report', SINKS.file('PasswordExpiryDate')]) },
  ],
  invalid: [
    ...Object.entries(SINKS).map(([name, sink]) => ({
      name: `${name}: the sensitive variable itself`,
      ...desktop([sink('Password')]),
      errors: [{ messageId: 'secretWritten', messageIncludes: ["the sensitive variable 'Password'", 'script line 5'] }],
    })),
    {
      name: '%Var% inside text',
      ...desktop([SINKS.file("$'''user=admin;password=%Password%'''")]),
      errors: [{ messageId: 'secretWritten', pointer: `${W}/write/File.WriteText/TextToWrite`, messageIncludes: ['to a file', "parameter 'TextToWrite' of File.WriteText"] }],
    },
    {
      name: 'a secret-named variable not in @SENSITIVE',
      ...desktop(["SET ApiKey TO $'''%Report%'''", SINKS.clipboard('ApiKey')], []),
      errors: [{ messageId: 'secretWritten', messageIncludes: ["the secret-named variable 'ApiKey'", 'to the clipboard'] }],
    },
    {
      name: 'a copy of a sensitive variable',
      ...desktop(["SET Backup TO $'''%Password%'''", SINKS['message dialog']('Backup')]),
      errors: [{ messageId: 'copyWritten', messageIncludes: ["'Backup', a copy of the secret 'Password' (made at script line 5)", 'to a dialog on screen'] }],
    },
    {
      name: 'a copy of a copy, made with a bare variable',
      ...desktop(['SET First TO Password', 'SET Second TO First', SINKS.log('Second')]),
      errors: [{ messageId: 'copyWritten', messageIncludes: ["a copy of the secret 'First'", 'to a log'] }],
    },
    {
      name: 'two references in one action',
      ...desktop([SINKS.excel("$'''%Password% / %Password%'''")]),
      errors: [
        { messageId: 'secretWritten', messageIncludes: ["parameter 'Value' of Excel.WriteToExcel.WriteCell"] },
        { messageId: 'secretWritten', messageIncludes: ["parameter 'Value' of Excel.WriteToExcel.WriteCell"] },
      ],
    },
    {
      name: 'older format: the script in a base64 package',
      solution: { desktopFlows: { 'Funding draw': { script: script([SINKS.file('Password')]), package: true } } },
      errors: [{ messageId: 'secretWritten', pointer: `${PACKAGE}/write/File.WriteText/TextToWrite`, file: 'Workflows/Fundingdraw-' }],
    },
  ],
});
