*** Settings ***
Documentation     Logging in with valid credentials.
Resource          ../../resources/common.resource
Suite Setup       Open Test Session
Suite Teardown    Close Test Session

*** Variables ***
${VALID_USER}     qa.user

*** Test Cases ***
Valid User Can Log In
    [Documentation]    A known user logs in and is shown as the current user.
    [Tags]    LOGIN-001    login
    Login As ${VALID_USER}
    The Current User Should Be    ${VALID_USER}
    [Teardown]    Logout
