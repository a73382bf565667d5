// Suites the scripted model answers with, as the fixture repository's team would write them.

export const CANCEL_ORDER_SUITE = `*** Settings ***
Documentation     Cancelling orders.
Resource          ../../resources/common.resource
Resource          ../../resources/orders.resource
Suite Setup       Open Test Session
Suite Teardown    Close Test Session

*** Variables ***
\${ITEM}           monitor

*** Test Cases ***
A Cancelled Order Shows The Status Cancelled
    [Documentation]    A cancelled order has the status cancelled.
    [Tags]    ORDER-002    orders
    Login As \${DEFAULT_USER}
    \${order}=    Create Order    \${ITEM}
    Cancel Order    \${order}
    Order Status Should Be    \${order}    cancelled
`;

/** A final reply as models write them: prose around a fenced block. */
export function fenced(suite: string, language = 'robot'): string {
  return `Here is the suite, following the conventions.\n\n\`\`\`${language}\n${suite}\`\`\`\n\nIt reuses the keywords of orders.resource.`;
}

/**
 * A suite that imports nothing, so checking it reads no file: for tests that
 * count the reads the model asked for.
 */
export const SELF_CONTAINED_SUITE = `*** Settings ***
Documentation     Cancelling orders, without shared resources.
Library           Collections

*** Variables ***
\${ITEM}           monitor

*** Test Cases ***
A Cancelled Order Shows The Status Cancelled
    [Documentation]    A cancelled order has the status cancelled.
    [Tags]    ORDER-002    orders
    \${order}=    Create Dictionary    item=\${ITEM}    status=created
    Set To Dictionary    \${order}    status=cancelled
    Should Be Equal    \${order}[status]    cancelled
`;

/** A shared resource that imports a third-party library, as reporting teams write it. */
export const DB_RESOURCE = `*** Settings ***
Documentation     Reporting database.
Library           DatabaseLibrary

*** Keywords ***
Run Report Query
    [Arguments]    \${query}
    Log    \${query}
`;
