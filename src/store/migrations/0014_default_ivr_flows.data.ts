/**
 * The `main` flow as migration 0014 writes it: a copy of the flow shipped when that migration
 * was written. Frozen on purpose: a migration must write the same data on every install, so
 * changes to the shipped flow come as new data, never as edits here.
 */
export const mainFlowAt0014: unknown =
{
  "description": "Telephone banking: language, passbook, card, signed and corporate customers, payments, information, fax on demand, messages, agents.",
  "start": "welcome",
  "defaults": {
    "main": "main",
    "agent": "agent",
    "goodbye": "goodbye"
  },
  "nodes": {
    "welcome": {
      "type": "play",
      "prompts": [
        "welcome"
      ],
      "next": "language.check"
    },
    "language.check": {
      "type": "condition",
      "comment": "The language menu only on the Mandarin number, and only when the bank offers both languages.",
      "branches": [
        {
          "if": {
            "all": [
              {
                "var": "$call.dialLang",
                "op": "eq",
                "value": "zh"
              },
              {
                "var": "$settings.languages.offered",
                "op": "has",
                "value": "en"
              },
              {
                "var": "$settings.languages.offered",
                "op": "has",
                "value": "zh"
              }
            ]
          },
          "next": "language.menu"
        }
      ],
      "else": "main"
    },
    "language.menu": {
      "type": "menu",
      "comment": "Each offer in its own language; no key means Mandarin.",
      "prompts": [
        {
          "id": "lang.choose.zh",
          "lang": "zh"
        },
        {
          "id": "lang.choose.en",
          "lang": "en"
        }
      ],
      "options": {
        "1": "language.zh",
        "2": "language.en"
      },
      "timeoutMs": 4000,
      "onTimeout": "main",
      "retries": 1,
      "onFail": "main",
      "stack": false
    },
    "language.zh": {
      "type": "language",
      "lang": "zh",
      "next": "main"
    },
    "language.en": {
      "type": "language",
      "lang": "en",
      "next": "main"
    },
    "main": {
      "type": "menu",
      "menu": "menu.main",
      "actions": {
        "savings": "savings.start",
        "card": "card.start",
        "signed": "signed.menu",
        "corporate": "corporate.login",
        "payments": "payments.start",
        "info": "info.menu",
        "fax-on-demand": "fod.menu",
        "voicemail": "voicemail.message",
        "agent": "agent",
        "repeat": "@repeat"
      },
      "onFail": "agent"
    },
    "agent": {
      "type": "route-time",
      "comment": "Agents answer 08:00-20:00 on working days, 09:00-17:00 on other days; a message otherwise.",
      "open": [
        {
          "days": "workdays",
          "from": "08:00",
          "to": "20:00"
        },
        {
          "days": "non-workdays",
          "from": "09:00",
          "to": "17:00"
        }
      ],
      "closedOnHolidays": false,
      "inHours": "agent.queue",
      "outOfHours": "agent.closed"
    },
    "agent.queue": {
      "type": "transfer",
      "queue": "general",
      "data": {
        "customerId": "$auth.customerId",
        "customerClass": "$auth.customerClass",
        "account": {
          "mask": "account",
          "from": "$account"
        },
        "language": "$call.lang"
      },
      "onReturn": "main",
      "onUnavailable": "agent.unavailable"
    },
    "agent.unavailable": {
      "type": "menu",
      "intro": [
        "agent.no_answer"
      ],
      "menu": "menu.queue",
      "actions": {
        "wait": "agent.queue",
        "voicemail": "voicemail.no-answer",
        "main": "main"
      },
      "retries": 1,
      "onFail": "goodbye",
      "stack": false
    },
    "agent.closed": {
      "type": "play",
      "prompts": [
        "agent.off_hours"
      ],
      "bargeIn": false,
      "next": "voicemail.after-hours"
    },
    "voicemail.after-hours": {
      "type": "voicemail",
      "reason": "after-hours",
      "queue": "general",
      "next": "goodbye"
    },
    "voicemail.no-answer": {
      "type": "voicemail",
      "reason": "no-answer",
      "queue": "general",
      "next": "goodbye"
    },
    "voicemail.message": {
      "type": "voicemail",
      "reason": "caller-choice",
      "next": "goodbye"
    },
    "auth.locked": {
      "type": "play",
      "prompts": [
        "auth.locked"
      ],
      "next": "main"
    },
    "auth.restricted": {
      "type": "play",
      "prompts": [
        "auth.account_restricted"
      ],
      "next": "main"
    },
    "not-signed": {
      "type": "play",
      "prompts": [
        "service.not_signed"
      ],
      "next": "main"
    },
    "goodbye": {
      "type": "hangup",
      "prompts": [
        "goodbye"
      ]
    },
    "savings.start": {
      "type": "set",
      "values": {
        "requireSigned": false,
        "after": "menu"
      },
      "next": "savings.account"
    },
    "card.start": {
      "type": "set",
      "values": {
        "requireSigned": false,
        "after": "menu"
      },
      "next": "card.number"
    },
    "signed.menu": {
      "type": "menu",
      "menu": "menu.signed",
      "actions": {
        "savings": "signed.savings",
        "card": "signed.card",
        "payments": "payments.start",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "signed.savings": {
      "type": "set",
      "values": {
        "requireSigned": true,
        "after": "menu"
      },
      "next": "savings.account"
    },
    "signed.card": {
      "type": "set",
      "values": {
        "requireSigned": true,
        "after": "menu"
      },
      "next": "card.number"
    },
    "savings.account": {
      "type": "collect",
      "prompts": [
        "enter.account"
      ],
      "min": 5,
      "max": 32,
      "secure": true,
      "secret": false,
      "into": "loginAccount",
      "purpose": "account",
      "next": "savings.password",
      "onFail": "main"
    },
    "savings.password": {
      "type": "collect",
      "prompts": [
        "enter.passbook_password"
      ],
      "min": 6,
      "max": 6,
      "secure": true,
      "into": "loginPassword",
      "purpose": "password",
      "next": "savings.verify",
      "onFail": "main"
    },
    "savings.verify": {
      "type": "action",
      "operation": "verifyPassbook",
      "args": {
        "account": "$loginAccount",
        "password": "$loginPassword"
      },
      "into": "auth",
      "pinLock": {
        "kind": "passbook",
        "subject": "$loginAccount"
      },
      "next": "login.ok",
      "on": {
        "WRONG_PASSWORD": "savings.wrong",
        "ACCOUNT_NOT_FOUND": "savings.unknown",
        "locked": "auth.locked",
        "business": "auth.restricted"
      }
    },
    "savings.wrong": {
      "type": "play",
      "prompts": [
        "auth.password_wrong",
        "auth.attempts_left",
        {
          "say": "count",
          "from": "$auth.attemptsLeft",
          "unit": "attempt"
        },
        "auth.attempts_left.after"
      ],
      "next": "savings.password"
    },
    "savings.unknown": {
      "type": "play",
      "prompts": [
        "auth.account_not_found"
      ],
      "next": "savings.account"
    },
    "card.number": {
      "type": "collect",
      "prompts": [
        "enter.card"
      ],
      "min": 16,
      "max": 19,
      "secure": true,
      "secret": false,
      "into": "loginCard",
      "purpose": "card",
      "next": "card.pin",
      "onFail": "main"
    },
    "card.pin": {
      "type": "collect",
      "prompts": [
        "enter.card_pin"
      ],
      "min": 6,
      "max": 6,
      "secure": true,
      "into": "loginPin",
      "purpose": "pin",
      "next": "card.verify",
      "onFail": "main"
    },
    "card.verify": {
      "type": "action",
      "operation": "verifyCard",
      "args": {
        "cardNumber": "$loginCard",
        "pin": "$loginPin"
      },
      "into": "auth",
      "pinLock": {
        "kind": "card",
        "subject": "$loginCard"
      },
      "next": "login.ok",
      "on": {
        "WRONG_PASSWORD": "card.wrong",
        "ACCOUNT_NOT_FOUND": "card.unknown",
        "locked": "auth.locked",
        "business": "auth.restricted"
      }
    },
    "card.wrong": {
      "type": "play",
      "prompts": [
        "auth.password_wrong",
        "auth.attempts_left",
        {
          "say": "count",
          "from": "$auth.attemptsLeft",
          "unit": "attempt"
        },
        "auth.attempts_left.after"
      ],
      "next": "card.pin"
    },
    "card.unknown": {
      "type": "play",
      "prompts": [
        "auth.card_not_found"
      ],
      "next": "card.number"
    },
    "login.ok": {
      "type": "set",
      "values": {
        "session": "$auth.session",
        "account": "$auth.accounts.0.account",
        "accountKind": "$auth.accounts.0.kind"
      },
      "next": "login.route"
    },
    "login.route": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "all": [
              {
                "var": "$requireSigned",
                "op": "eq",
                "value": true
              },
              {
                "var": "$auth.signed",
                "op": "eq",
                "value": false
              }
            ]
          },
          "next": "not-signed"
        },
        {
          "if": {
            "var": "$after",
            "op": "eq",
            "value": "payments"
          },
          "next": "payments.menu"
        },
        {
          "if": {
            "all": [
              {
                "var": "$accountKind",
                "op": "eq",
                "value": "card"
              },
              {
                "var": "$auth.capabilities",
                "op": "has",
                "value": "transfer"
              }
            ]
          },
          "next": "signed.card.menu"
        },
        {
          "if": {
            "var": "$accountKind",
            "op": "eq",
            "value": "card"
          },
          "next": "card.menu"
        }
      ],
      "else": "savings.menu"
    },
    "savings.menu": {
      "type": "menu",
      "menu": "menu.savings",
      "actions": {
        "balance": "account.balance",
        "recent": "account.recent",
        "by-date": "account.by-date",
        "fax-statement": "account.fax",
        "change-password": "account.password",
        "loss-report": "account.loss",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat",
        "help": "savings.help"
      }
    },
    "card.menu": {
      "type": "menu",
      "menu": "menu.card",
      "actions": {
        "balance": "account.balance",
        "recent": "account.recent",
        "by-date": "account.by-date",
        "fax-statement": "account.fax",
        "change-password": "account.password",
        "loss-report": "account.loss",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat",
        "help": "card.help"
      }
    },
    "signed.card.menu": {
      "type": "menu",
      "menu": "menu.signed.card",
      "actions": {
        "balance": "account.balance",
        "recent": "account.recent",
        "by-date": "account.by-date",
        "fax-statement": "account.fax",
        "change-password": "account.password",
        "loss-report": "account.loss",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat",
        "transfer": "transfer.payee",
        "help": "card.help"
      }
    },
    "savings.help": {
      "type": "play",
      "prompts": [
        "help.savings",
        "help.general"
      ],
      "next": "@menu"
    },
    "card.help": {
      "type": "play",
      "prompts": [
        "help.card",
        "help.general"
      ],
      "next": "@menu"
    },
    "account.balance": {
      "type": "action",
      "operation": "balance",
      "args": {
        "session": "$session",
        "account": "$account"
      },
      "into": "balance",
      "next": "account.balance.say",
      "on": {
        "business": "account.failed"
      }
    },
    "account.balance.say": {
      "type": "play",
      "prompts": [
        "result.balance",
        {
          "say": "amount",
          "from": "$balance.ledgerBalance"
        },
        "result.available_balance",
        {
          "say": "amount",
          "from": "$balance.availableBalance"
        }
      ],
      "next": "@menu"
    },
    "account.failed": {
      "type": "play",
      "prompts": [
        "auth.account_restricted"
      ],
      "next": "@menu"
    },
    "account.recent": {
      "type": "action",
      "operation": "recentTransactions",
      "comment": "Up to 10 before today, read newest first (seed 1.5: 从后往前).",
      "args": {
        "session": "$session",
        "account": "$account",
        "count": 10
      },
      "into": "transactions",
      "next": "account.recent.check",
      "on": {
        "business": "account.failed"
      }
    },
    "account.recent.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$transactions.transactions",
            "op": "empty"
          },
          "next": "account.none"
        }
      ],
      "else": "account.recent.say"
    },
    "account.recent.say": {
      "type": "play",
      "prompts": [
        "result.tx.found",
        {
          "say": "count",
          "from": "$transactions.transactions.length",
          "unit": "transaction"
        },
        "result.tx.recent",
        {
          "say": "transactions",
          "from": "$transactions.transactions"
        },
        "result.tx.end"
      ],
      "next": "@menu"
    },
    "account.none": {
      "type": "play",
      "prompts": [
        "result.tx.none"
      ],
      "next": "@menu"
    },
    "account.by-date": {
      "type": "collect",
      "prompts": [
        "enter.date"
      ],
      "min": 8,
      "max": 8,
      "format": "date",
      "into": "fromDate",
      "purpose": "date",
      "next": "account.by-date.query",
      "onFail": "@menu"
    },
    "account.by-date.query": {
      "type": "action",
      "operation": "transactionsFromDate",
      "comment": "Up to 10 from the date, read oldest first (seed 1.5: 从前往后).",
      "args": {
        "session": "$session",
        "account": "$account",
        "fromDate": "$fromDate",
        "count": 10
      },
      "into": "transactions",
      "next": "account.by-date.check",
      "on": {
        "business": "account.failed"
      }
    },
    "account.by-date.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$transactions.transactions",
            "op": "empty"
          },
          "next": "account.none"
        }
      ],
      "else": "account.by-date.say"
    },
    "account.by-date.say": {
      "type": "play",
      "prompts": [
        "result.tx.found",
        {
          "say": "count",
          "from": "$transactions.transactions.length",
          "unit": "transaction"
        },
        "result.tx.from_date",
        {
          "say": "transactions",
          "from": "$transactions.transactions"
        },
        "result.tx.end"
      ],
      "next": "@menu"
    },
    "account.fax": {
      "type": "collect",
      "prompts": [
        "enter.date"
      ],
      "min": 8,
      "max": 8,
      "format": "date",
      "into": "faxFrom",
      "purpose": "date",
      "next": "account.fax.send",
      "onFail": "@menu"
    },
    "account.fax.send": {
      "type": "fax",
      "document": {
        "kind": "statement",
        "account": "$account",
        "session": "$session",
        "from": "$faxFrom",
        "maxEntries": 100
      },
      "next": "@menu"
    },
    "account.password": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$settings.passwordChange",
            "op": "eq",
            "value": false
          },
          "next": "account.password.off"
        }
      ],
      "else": "account.password.old"
    },
    "account.password.off": {
      "type": "play",
      "prompts": [
        "result.password.change_disabled"
      ],
      "next": "@menu"
    },
    "account.password.old": {
      "type": "collect",
      "prompts": [
        "enter.old_password"
      ],
      "min": 6,
      "max": 8,
      "secure": true,
      "into": "oldPassword",
      "purpose": "password",
      "next": "account.password.new"
    },
    "account.password.new": {
      "type": "collect",
      "prompts": [
        "enter.new_password"
      ],
      "min": 6,
      "max": 6,
      "secure": true,
      "into": "newPassword",
      "purpose": "password",
      "next": "account.password.again"
    },
    "account.password.again": {
      "type": "collect",
      "prompts": [
        "enter.new_password_again"
      ],
      "min": 6,
      "max": 6,
      "secure": true,
      "into": "newPasswordAgain",
      "purpose": "password",
      "next": "account.password.check"
    },
    "account.password.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$newPassword",
            "op": "ne",
            "value": "$newPasswordAgain"
          },
          "next": "account.password.mismatch"
        },
        {
          "if": {
            "var": "$newPassword",
            "op": "eq",
            "value": "$oldPassword"
          },
          "next": "account.password.same"
        }
      ],
      "else": "account.password.change"
    },
    "account.password.mismatch": {
      "type": "play",
      "prompts": [
        "result.password.mismatch"
      ],
      "next": "account.password.new"
    },
    "account.password.same": {
      "type": "play",
      "prompts": [
        "result.password.same_as_old"
      ],
      "next": "account.password.new"
    },
    "account.password.change": {
      "type": "action",
      "operation": "changePassword",
      "args": {
        "session": "$session",
        "account": "$account",
        "oldPassword": "$oldPassword",
        "newPassword": "$newPassword"
      },
      "into": "passwordResult",
      "pinLock": {
        "kind": "$accountKind",
        "subject": "$account"
      },
      "next": "account.password.done",
      "on": {
        "WRONG_PASSWORD": "account.password.wrong",
        "WEAK_PASSWORD": "account.password.weak",
        "locked": "auth.locked",
        "business": "account.failed"
      }
    },
    "account.password.done": {
      "type": "play",
      "prompts": [
        "result.password.changed"
      ],
      "next": "@menu"
    },
    "account.password.wrong": {
      "type": "play",
      "prompts": [
        "result.password.old_wrong",
        "auth.attempts_left",
        {
          "say": "count",
          "from": "$passwordResult.attemptsLeft",
          "unit": "attempt"
        },
        "auth.attempts_left.after"
      ],
      "next": "@menu"
    },
    "account.password.weak": {
      "type": "play",
      "prompts": [
        "input.invalid"
      ],
      "next": "account.password.old"
    },
    "account.loss": {
      "type": "menu",
      "prompts": [
        "confirm.loss_report"
      ],
      "menu": "menu.confirm",
      "actions": {
        "confirm": "account.loss.who",
        "retry": "@repeat",
        "cancel": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "account.loss.who": {
      "type": "condition",
      "comment": "Signed customers need no ID type and number (seed 1.5 (二)).",
      "branches": [
        {
          "if": {
            "var": "$auth.signed",
            "op": "eq",
            "value": true
          },
          "next": "account.loss.signed"
        }
      ],
      "else": "account.loss.id-type"
    },
    "account.loss.id-type": {
      "type": "menu",
      "menu": "menu.id_type",
      "actions": {
        "resident-id": "account.loss.resident-id",
        "military-id": "account.loss.military-id",
        "passport": "account.loss.passport",
        "other": "account.loss.other-id",
        "back": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "account.loss.resident-id": {
      "type": "set",
      "values": {
        "idType": "resident_id"
      },
      "next": "account.loss.id-number"
    },
    "account.loss.military-id": {
      "type": "set",
      "values": {
        "idType": "military_id"
      },
      "next": "account.loss.id-number"
    },
    "account.loss.passport": {
      "type": "set",
      "values": {
        "idType": "passport"
      },
      "next": "account.loss.id-number"
    },
    "account.loss.other-id": {
      "type": "set",
      "values": {
        "idType": "other"
      },
      "next": "account.loss.id-number"
    },
    "account.loss.id-number": {
      "type": "collect",
      "prompts": [
        "enter.id_number"
      ],
      "min": 4,
      "max": 32,
      "secure": true,
      "format": "id-number",
      "into": "idNumber",
      "purpose": "id-number",
      "next": "account.loss.public"
    },
    "account.loss.public": {
      "type": "action",
      "operation": "reportLoss",
      "args": {
        "account": "$account",
        "session": "$session",
        "idType": "$idType",
        "idNumber": "$idNumber"
      },
      "into": "loss",
      "next": "account.loss.done",
      "on": {
        "ID_MISMATCH": "account.loss.mismatch",
        "ACCOUNT_REPORTED_LOST": "account.loss.already",
        "business": "account.loss.failed"
      }
    },
    "account.loss.signed": {
      "type": "action",
      "operation": "reportLoss",
      "args": {
        "account": "$account",
        "session": "$session"
      },
      "into": "loss",
      "next": "account.loss.done",
      "on": {
        "ACCOUNT_REPORTED_LOST": "account.loss.already",
        "business": "account.loss.failed"
      }
    },
    "account.loss.done": {
      "type": "play",
      "prompts": [
        "result.loss.ok"
      ],
      "next": "@menu"
    },
    "account.loss.mismatch": {
      "type": "play",
      "prompts": [
        "result.id_mismatch"
      ],
      "next": "@menu"
    },
    "account.loss.already": {
      "type": "play",
      "prompts": [
        "result.loss.already"
      ],
      "next": "@menu"
    },
    "account.loss.failed": {
      "type": "play",
      "prompts": [
        "result.loss.failed"
      ],
      "next": "@menu"
    },
    "transfer.payee": {
      "type": "collect",
      "prompts": [
        "enter.payee_card"
      ],
      "min": 16,
      "max": 19,
      "secure": true,
      "secret": false,
      "into": "payee",
      "purpose": "payee",
      "next": "transfer.amount",
      "onFail": "@menu"
    },
    "transfer.amount": {
      "type": "collect",
      "prompts": [
        "enter.transfer_amount"
      ],
      "min": 1,
      "max": 12,
      "format": "amount",
      "into": "amount",
      "purpose": "amount",
      "next": "transfer.confirm",
      "onFail": "@menu"
    },
    "transfer.confirm": {
      "type": "menu",
      "prompts": [
        "confirm.transfer",
        {
          "say": "last-digits",
          "from": "$payee",
          "count": 4
        },
        "confirm.transfer.amount",
        {
          "say": "amount",
          "from": "$amount"
        }
      ],
      "menu": "menu.confirm",
      "actions": {
        "confirm": "transfer.send",
        "retry": "transfer.payee",
        "cancel": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "transfer.send": {
      "type": "action",
      "operation": "transfer",
      "args": {
        "session": "$session",
        "fromAccount": "$account",
        "toAccount": "$payee",
        "amount": "$amount"
      },
      "into": "transferResult",
      "next": "transfer.done",
      "on": {
        "INSUFFICIENT_FUNDS": "transfer.no-funds",
        "business": "transfer.failed"
      }
    },
    "transfer.done": {
      "type": "play",
      "prompts": [
        "result.transfer.ok"
      ],
      "next": "@menu"
    },
    "transfer.no-funds": {
      "type": "play",
      "prompts": [
        "result.insufficient_funds"
      ],
      "next": "@menu"
    },
    "transfer.failed": {
      "type": "play",
      "prompts": [
        "result.transfer.failed"
      ],
      "next": "@menu"
    },
    "corporate.login": {
      "type": "collect",
      "prompts": [
        "enter.short_account"
      ],
      "min": 5,
      "max": 32,
      "secure": true,
      "secret": false,
      "into": "loginShort",
      "purpose": "account",
      "next": "corporate.password",
      "onFail": "main"
    },
    "corporate.password": {
      "type": "collect",
      "prompts": [
        "enter.query_password"
      ],
      "min": 6,
      "max": 8,
      "secure": true,
      "into": "loginQueryPassword",
      "purpose": "password",
      "next": "corporate.verify",
      "onFail": "main"
    },
    "corporate.verify": {
      "type": "action",
      "operation": "verifyCorporate",
      "args": {
        "shortAccount": "$loginShort",
        "queryPassword": "$loginQueryPassword"
      },
      "into": "auth",
      "pinLock": {
        "kind": "corporate",
        "subject": "$loginShort"
      },
      "next": "corporate.ready",
      "on": {
        "WRONG_PASSWORD": "corporate.wrong",
        "ACCOUNT_NOT_FOUND": "corporate.unknown",
        "locked": "auth.locked",
        "business": "auth.restricted"
      }
    },
    "corporate.wrong": {
      "type": "play",
      "prompts": [
        "auth.password_wrong",
        "auth.attempts_left",
        {
          "say": "count",
          "from": "$auth.attemptsLeft",
          "unit": "attempt"
        },
        "auth.attempts_left.after"
      ],
      "next": "corporate.password"
    },
    "corporate.unknown": {
      "type": "play",
      "prompts": [
        "auth.account_not_found"
      ],
      "next": "corporate.login"
    },
    "corporate.ready": {
      "type": "set",
      "values": {
        "session": "$auth.session",
        "account": "$auth.accounts.0.account",
        "accountKind": "corporate"
      },
      "next": "corporate.menu"
    },
    "corporate.menu": {
      "type": "menu",
      "menu": "menu.corporate",
      "actions": {
        "balance": "account.balance",
        "recent": "account.recent",
        "by-date": "account.by-date",
        "fax-statement": "corporate.fax",
        "change-password": "account.password",
        "by-amount": "corporate.by-amount",
        "transfer": "corporate.transfer",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "corporate.fax": {
      "type": "play",
      "prompts": [
        "fax.statement_limit"
      ],
      "next": "account.fax"
    },
    "corporate.by-amount": {
      "type": "collect",
      "prompts": [
        "enter.search_amount"
      ],
      "min": 1,
      "max": 12,
      "format": "amount",
      "into": "searchAmount",
      "purpose": "amount",
      "next": "corporate.by-amount.query",
      "onFail": "@menu"
    },
    "corporate.by-amount.query": {
      "type": "action",
      "operation": "transactionsByAmount",
      "comment": "The core matches debits and credits within 5% of the amount keyed.",
      "args": {
        "session": "$session",
        "account": "$account",
        "amount": "$searchAmount",
        "count": 10
      },
      "into": "transactions",
      "next": "corporate.by-amount.check",
      "on": {
        "business": "account.failed"
      }
    },
    "corporate.by-amount.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$transactions.transactions",
            "op": "empty"
          },
          "next": "account.none"
        }
      ],
      "else": "corporate.by-amount.say"
    },
    "corporate.by-amount.say": {
      "type": "play",
      "prompts": [
        "result.tx.found",
        {
          "say": "count",
          "from": "$transactions.transactions.length",
          "unit": "transaction"
        },
        "result.tx.by_amount",
        {
          "say": "transactions",
          "from": "$transactions.transactions"
        },
        "result.tx.end"
      ],
      "next": "@menu"
    },
    "corporate.transfer": {
      "type": "collect",
      "prompts": [
        "enter.payee_account"
      ],
      "min": 5,
      "max": 32,
      "secure": true,
      "secret": false,
      "into": "payee",
      "purpose": "payee",
      "next": "corporate.transfer.amount",
      "onFail": "@menu"
    },
    "corporate.transfer.amount": {
      "type": "collect",
      "prompts": [
        "enter.transfer_amount"
      ],
      "min": 1,
      "max": 12,
      "format": "amount",
      "into": "amount",
      "purpose": "amount",
      "next": "corporate.transfer.confirm",
      "onFail": "@menu"
    },
    "corporate.transfer.confirm": {
      "type": "menu",
      "prompts": [
        "confirm.transfer",
        {
          "say": "last-digits",
          "from": "$payee",
          "count": 4
        },
        "confirm.transfer.amount",
        {
          "say": "amount",
          "from": "$amount"
        }
      ],
      "menu": "menu.confirm",
      "actions": {
        "confirm": "transfer.send",
        "retry": "corporate.transfer",
        "cancel": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "payments.start": {
      "type": "set",
      "values": {
        "requireSigned": true,
        "after": "payments"
      },
      "next": "card.number"
    },
    "payments.menu": {
      "type": "menu",
      "menu": "menu.payments",
      "actions": {
        "phone-bill": "payments.phone",
        "mobile-bill": "payments.mobile",
        "mobile-prepay": "payments.prepay",
        "electricity-bill": "payments.electricity",
        "water-bill": "payments.water",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "payments.phone": {
      "type": "set",
      "values": {
        "billType": "fixed_line"
      },
      "next": "payments.phone.number"
    },
    "payments.phone.number": {
      "type": "collect",
      "prompts": [
        "enter.phone_number"
      ],
      "min": 5,
      "max": 20,
      "into": "billAccount",
      "purpose": "phone",
      "next": "payments.bill",
      "onFail": "@menu"
    },
    "payments.mobile": {
      "type": "set",
      "values": {
        "billType": "mobile"
      },
      "next": "payments.mobile.number"
    },
    "payments.mobile.number": {
      "type": "collect",
      "prompts": [
        "enter.mobile_number"
      ],
      "min": 5,
      "max": 20,
      "into": "billAccount",
      "purpose": "mobile",
      "next": "payments.bill",
      "onFail": "@menu"
    },
    "payments.electricity": {
      "type": "set",
      "values": {
        "billType": "electricity"
      },
      "next": "payments.utility.number"
    },
    "payments.water": {
      "type": "set",
      "values": {
        "billType": "water"
      },
      "next": "payments.utility.number"
    },
    "payments.utility.number": {
      "type": "collect",
      "prompts": [
        "enter.utility_account"
      ],
      "min": 5,
      "max": 20,
      "into": "billAccount",
      "purpose": "bill-account",
      "next": "payments.bill",
      "onFail": "@menu"
    },
    "payments.bill": {
      "type": "menu",
      "menu": "menu.bill",
      "actions": {
        "query": "payments.query",
        "pay": "payments.pay",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "payments.query": {
      "type": "action",
      "operation": "queryBill",
      "args": {
        "session": "$session",
        "account": "$account",
        "billType": "$billType",
        "billAccount": "$billAccount"
      },
      "into": "bill",
      "next": "payments.query.check",
      "on": {
        "NO_SUCH_BILL": "payments.no-bill",
        "NOT_SIGNED": "not-signed",
        "business": "account.failed"
      }
    },
    "payments.query.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$bill.totalDue",
            "op": "le",
            "value": 0
          },
          "next": "payments.nothing"
        }
      ],
      "else": "payments.query.say"
    },
    "payments.query.say": {
      "type": "play",
      "prompts": [
        "result.amount_due",
        {
          "say": "amount",
          "from": "$bill.totalDue"
        }
      ],
      "next": "@menu"
    },
    "payments.nothing": {
      "type": "play",
      "prompts": [
        "result.nothing_due"
      ],
      "next": "@menu"
    },
    "payments.no-bill": {
      "type": "play",
      "prompts": [
        "input.invalid"
      ],
      "next": "@menu"
    },
    "payments.pay": {
      "type": "action",
      "operation": "queryBill",
      "comment": "What is owed now: a payment must equal it.",
      "args": {
        "session": "$session",
        "account": "$account",
        "billType": "$billType",
        "billAccount": "$billAccount"
      },
      "into": "bill",
      "next": "payments.pay.check",
      "on": {
        "NO_SUCH_BILL": "payments.no-bill",
        "NOT_SIGNED": "not-signed",
        "business": "account.failed"
      }
    },
    "payments.pay.check": {
      "type": "condition",
      "branches": [
        {
          "if": {
            "var": "$bill.totalDue",
            "op": "le",
            "value": 0
          },
          "next": "payments.nothing"
        }
      ],
      "else": "payments.pay.confirm"
    },
    "payments.pay.confirm": {
      "type": "menu",
      "prompts": [
        "confirm.payment",
        {
          "say": "amount",
          "from": "$bill.totalDue"
        }
      ],
      "menu": "menu.confirm",
      "actions": {
        "confirm": "payments.pay.send",
        "retry": "@repeat",
        "cancel": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "payments.pay.send": {
      "type": "action",
      "operation": "payBill",
      "args": {
        "session": "$session",
        "account": "$account",
        "billType": "$billType",
        "billAccount": "$billAccount",
        "amount": "$bill.totalDue"
      },
      "into": "payment",
      "next": "payments.pay.done",
      "on": {
        "INSUFFICIENT_FUNDS": "transfer.no-funds",
        "BILL_ALREADY_PAID": "payments.nothing",
        "business": "payments.pay.failed"
      }
    },
    "payments.pay.done": {
      "type": "play",
      "prompts": [
        "result.payment.ok"
      ],
      "next": "@menu"
    },
    "payments.pay.failed": {
      "type": "play",
      "prompts": [
        "result.payment.failed"
      ],
      "next": "@menu"
    },
    "payments.prepay": {
      "type": "collect",
      "prompts": [
        "enter.mobile_number"
      ],
      "min": 5,
      "max": 20,
      "into": "prepayMobile",
      "purpose": "mobile",
      "next": "payments.prepay.amount",
      "onFail": "@menu"
    },
    "payments.prepay.amount": {
      "type": "collect",
      "prompts": [
        "enter.prepay_amount"
      ],
      "min": 1,
      "max": 6,
      "format": "yuan",
      "into": "prepayAmount",
      "purpose": "amount",
      "next": "payments.prepay.confirm",
      "onFail": "@menu"
    },
    "payments.prepay.confirm": {
      "type": "menu",
      "prompts": [
        "confirm.prepay",
        {
          "say": "amount",
          "from": "$prepayAmount"
        }
      ],
      "menu": "menu.confirm",
      "actions": {
        "confirm": "payments.prepay.send",
        "retry": "payments.prepay.amount",
        "cancel": "@menu"
      },
      "stack": false,
      "onFail": "@menu"
    },
    "payments.prepay.send": {
      "type": "action",
      "operation": "mobilePrepay",
      "args": {
        "session": "$session",
        "account": "$account",
        "mobile": "$prepayMobile",
        "amount": "$prepayAmount"
      },
      "into": "prepay",
      "next": "payments.prepay.done",
      "on": {
        "INSUFFICIENT_FUNDS": "transfer.no-funds",
        "NO_SUCH_BILL": "payments.no-bill",
        "LIMIT_EXCEEDED": "payments.prepay.invalid",
        "business": "payments.pay.failed"
      }
    },
    "payments.prepay.done": {
      "type": "play",
      "prompts": [
        "result.prepay.ok"
      ],
      "next": "@menu"
    },
    "payments.prepay.invalid": {
      "type": "play",
      "prompts": [
        "input.amount_invalid"
      ],
      "next": "payments.prepay.amount"
    },
    "info.menu": {
      "type": "menu",
      "menu": "menu.info",
      "actions": {
        "interest-rates": "info.rates",
        "exchange-rates": "info.fx",
        "introductions": "info.intro",
        "agent": "agent",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "info.rates": {
      "type": "menu",
      "menu": "menu.info.rates",
      "actions": {
        "demand": "info.rates.demand",
        "term": "info.rates.term",
        "loan": "info.rates.loan",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "info.rates.demand": {
      "type": "action",
      "operation": "interestRates",
      "into": "rates",
      "next": "info.rates.demand.say"
    },
    "info.rates.demand.say": {
      "type": "play",
      "prompts": [
        "rate.intro",
        {
          "say": "interest-rates",
          "from": "$rates.rates",
          "kind": "demand"
        }
      ],
      "next": "@menu"
    },
    "info.rates.term": {
      "type": "action",
      "operation": "interestRates",
      "into": "rates",
      "next": "info.rates.term.say"
    },
    "info.rates.term.say": {
      "type": "play",
      "prompts": [
        "rate.intro",
        {
          "say": "interest-rates",
          "from": "$rates.rates",
          "kind": "term"
        }
      ],
      "next": "@menu"
    },
    "info.rates.loan": {
      "type": "action",
      "operation": "interestRates",
      "into": "rates",
      "next": "info.rates.loan.say"
    },
    "info.rates.loan.say": {
      "type": "play",
      "prompts": [
        "rate.loan_intro",
        {
          "say": "interest-rates",
          "from": "$rates.rates",
          "kind": "loan"
        }
      ],
      "next": "@menu"
    },
    "info.fx": {
      "type": "menu",
      "menu": "menu.info.fx",
      "actions": {
        "USD": "info.fx.usd",
        "EUR": "info.fx.eur",
        "JPY": "info.fx.jpy",
        "HKD": "info.fx.hkd",
        "GBP": "info.fx.gbp",
        "AUD": "info.fx.aud",
        "CAD": "info.fx.cad",
        "CHF": "info.fx.chf",
        "SGD": "info.fx.sgd",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "info.fx.usd": {
      "type": "set",
      "values": {
        "currency": "USD"
      },
      "next": "info.fx.query"
    },
    "info.fx.eur": {
      "type": "set",
      "values": {
        "currency": "EUR"
      },
      "next": "info.fx.query"
    },
    "info.fx.jpy": {
      "type": "set",
      "values": {
        "currency": "JPY"
      },
      "next": "info.fx.query"
    },
    "info.fx.hkd": {
      "type": "set",
      "values": {
        "currency": "HKD"
      },
      "next": "info.fx.query"
    },
    "info.fx.gbp": {
      "type": "set",
      "values": {
        "currency": "GBP"
      },
      "next": "info.fx.query"
    },
    "info.fx.aud": {
      "type": "set",
      "values": {
        "currency": "AUD"
      },
      "next": "info.fx.query"
    },
    "info.fx.cad": {
      "type": "set",
      "values": {
        "currency": "CAD"
      },
      "next": "info.fx.query"
    },
    "info.fx.chf": {
      "type": "set",
      "values": {
        "currency": "CHF"
      },
      "next": "info.fx.query"
    },
    "info.fx.sgd": {
      "type": "set",
      "values": {
        "currency": "SGD"
      },
      "next": "info.fx.query"
    },
    "info.fx.query": {
      "type": "action",
      "operation": "exchangeRates",
      "into": "fx",
      "next": "info.fx.say"
    },
    "info.fx.say": {
      "type": "play",
      "prompts": [
        "fx.intro",
        {
          "say": "exchange-rate",
          "from": "$fx.rates",
          "currency": "$currency"
        }
      ],
      "next": "@menu"
    },
    "info.intro": {
      "type": "menu",
      "menu": "menu.info.intro",
      "actions": {
        "savings": "info.intro.savings",
        "card": "info.intro.card",
        "phone-banking": "info.intro.phone-banking",
        "payments": "info.intro.payments",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "info.intro.savings": {
      "type": "play",
      "prompts": [
        "intro.savings"
      ],
      "next": "@menu"
    },
    "info.intro.card": {
      "type": "play",
      "prompts": [
        "intro.card"
      ],
      "next": "@menu"
    },
    "info.intro.phone-banking": {
      "type": "play",
      "prompts": [
        "intro.phone_banking"
      ],
      "next": "@menu"
    },
    "info.intro.payments": {
      "type": "play",
      "prompts": [
        "intro.payments"
      ],
      "next": "@menu"
    },
    "fod.menu": {
      "type": "menu",
      "menu": "menu.fax",
      "actions": {
        "deposit-rates": "fod.deposit-rates",
        "loan-rates": "fod.loan-rates",
        "fx-rates": "fod.fx-rates",
        "fees": "fod.fees",
        "forms": "fod.forms",
        "back": "@back",
        "repeat": "@repeat"
      }
    },
    "fod.deposit-rates": {
      "type": "fax",
      "document": {
        "kind": "document",
        "documentId": "deposit-rates"
      },
      "next": "@menu"
    },
    "fod.loan-rates": {
      "type": "fax",
      "document": {
        "kind": "document",
        "documentId": "loan-rates"
      },
      "next": "@menu"
    },
    "fod.fx-rates": {
      "type": "fax",
      "document": {
        "kind": "document",
        "documentId": "fx-rates"
      },
      "next": "@menu"
    },
    "fod.fees": {
      "type": "fax",
      "document": {
        "kind": "document",
        "documentId": "fees"
      },
      "next": "@menu"
    },
    "fod.forms": {
      "type": "fax",
      "document": {
        "kind": "document",
        "documentId": "forms"
      },
      "next": "@menu"
    }
  }
};
