*** Settings ***
Documentation     Creating orders.
Resource          ../../resources/common.resource
Resource          ../../resources/orders.resource
Suite Setup       Open Test Session
Suite Teardown    Close Test Session

*** Variables ***
${ITEM}           keyboard

*** Test Cases ***
New Order Starts As Created
    [Documentation]    A new order has the status created.
    [Tags]    ORDER-001    orders
    Login As ${DEFAULT_USER}
    ${order}=    Create Order    ${ITEM}    2
    Order Status Should Be    ${order}    created
