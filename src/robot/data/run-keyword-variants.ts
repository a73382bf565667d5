// BuiltIn keywords that take another keyword's name as an argument, and where. Calls
// through them are checked like direct calls. `Run Keywords` and `Run Keyword If`
// have their own grammar (AND, ELSE IF, ELSE) and are handled in keyword-calls.ts.

/** Keyword name → index of the argument that names the keyword to run. */
export const KEYWORD_ARGUMENT_INDEX: Readonly<Record<string, number>> = {
  'Run Keyword': 0,
  'Run Keyword And Continue On Failure': 0,
  'Run Keyword And Ignore Error': 0,
  'Run Keyword And Return': 0,
  'Run Keyword And Return Status': 0,
  'Run Keyword And Warn On Failure': 0,
  'Run Keyword If All Tests Passed': 0,
  'Run Keyword If Any Tests Failed': 0,
  'Run Keyword If Test Failed': 0,
  'Run Keyword If Test Passed': 0,
  'Run Keyword If Timeout Occurred': 0,
  'Register Keyword To Run On Failure': 0,
  'Run Keyword And Expect Error': 1,
  'Run Keyword And Return If': 1,
  'Run Keyword Unless': 1,
  'Repeat Keyword': 1,
  'Wait Until Keyword Succeeds': 2,
};

export const RUN_KEYWORDS = 'Run Keywords';
export const RUN_KEYWORD_IF = 'Run Keyword If';
