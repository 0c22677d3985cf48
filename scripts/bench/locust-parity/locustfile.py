"""
IdentityUser and PaymentsUser of users/ written for Locust, step for step, for the parity
benchmark (scripts/bench/locust-parity.ts). Each journey of journeys/identity and
journeys/payments is a SequentialTaskSet with the same steps in the same order, the same
request names and the same expected statuses (suite/api/*.ts); the users have the same
journey weights and the same wait time. A step whose status is not the expected one is a
failure and ends the journey, as it does in our runner.

Locust waits the user's wait time after every task of a SequentialTaskSet; when the last
step has run the journey hands control back to its user, which picks the next journey at
once (the wait after the last step was already taken).

PARITY_LOCUST_CLIENT=requests uses HttpUser instead of FastHttpUser.
"""

import os
import random
import uuid

from locust import FastHttpUser, HttpUser, SequentialTaskSet, between, task

BaseUser = HttpUser if os.environ.get("PARITY_LOCUST_CLIENT") == "requests" else FastHttpUser

WEBHOOK_HEADERS = {"X-Gateway-Signature": "test-signature"}
FIRST_NAMES = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances"]
LAST_NAMES = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen"]
CITIES = ["Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton"]
STATES = ["CA", "NY", "TX", "WA", "OR", "IL"]
PAYMENT_METHODS = ["credit_card", "debit_card", "paypal", "apple_pay", "google_pay"]


# Payloads: the shapes of generators/identity.ts and generators/payments.ts, drawn with
# `random` (the service checks shapes and lengths, not realism).


def phone():
    return f"+1-555-{random.randint(0, 999):03d}-{random.randint(0, 9999):04d}"


def new_customer():
    first, last = random.choice(FIRST_NAMES), random.choice(LAST_NAMES)
    token = uuid.uuid4().hex[:12].upper()
    return {
        "external_id": f"CUST-{token}",
        "email": f"{first}.{last}.{token}@example.com".lower(),
        "first_name": first,
        "last_name": last,
        "phone": phone(),
        "date_of_birth": f"{random.randint(1940, 2005)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
    }


def profile_update():
    update = {"phone": phone()}
    if random.random() < 0.5:
        update["last_name"] = random.choice(LAST_NAMES)
    if random.random() < 0.5:
        update["first_name"] = random.choice(FIRST_NAMES)
    return update


def customer_address():
    body = {
        "label": random.choice(["Home", "Work", "Other"]),
        "street": f"{random.randint(1, 9999)} {random.choice(LAST_NAMES)} Street",
        "city": random.choice(CITIES),
        "state": random.choice(STATES),
        "postal_code": f"{random.randint(0, 99999):05d}",
        "country": "United States of America",
    }
    if random.random() < 0.5:
        body["geo_lat"] = round(random.uniform(-90, 90), 4)
        body["geo_lng"] = round(random.uniform(-180, 180), 4)
    return body


def suspension():
    reasons = ["Suspicious login activity", "Chargeback under review", "Customer request", "Unpaid balance"]
    return {"reason": random.choice(reasons)}


def new_payment(customer_id):
    return {
        "order_id": str(uuid.uuid4()),
        "customer_id": customer_id,
        "amount": round(random.uniform(9.99, 899.97), 2),
        "currency": "USD",
        "payment_method_type": random.choice(PAYMENT_METHODS),
        "last4": f"{random.randint(0, 9999):04d}",
        "idempotency_key": f"idem-{uuid.uuid4()}",
    }


def gateway_id(prefix):
    return prefix + uuid.uuid4().hex[:24]


def webhook_succeeded(payment_id):
    return {"payment_id": payment_id, "gateway_transaction_id": gateway_id("txn_"), "gateway_status": "succeeded"}


def webhook_failed(payment_id):
    reasons = ["card_declined", "insufficient_funds", "expired_card", "do_not_honor"]
    return {
        "payment_id": payment_id,
        "gateway_transaction_id": gateway_id("txn_"),
        "gateway_status": "failed",
        "failure_reason": random.choice(reasons),
    }


def refund_request(paid):
    full = random.random() < 0.7
    amount = paid if full else round(max(0.01, paid * random.uniform(0.1, 0.9)), 2)
    return {"amount": amount, "reason": random.choice(["Customer return", "Damaged item", "Order cancelled", "Goodwill"])}


def new_invoice(customer_id):
    items = [
        {
            "description": f"{random.choice(['Small', 'Sleek', 'Rustic'])} {random.choice(['Chair', 'Lamp', 'Desk'])}",
            "quantity": random.randint(1, 3),
            "unit_price": round(random.uniform(9.99, 299.99), 2),
        }
        for _ in range(random.randint(1, 3))
    ]
    return {"order_id": str(uuid.uuid4()), "customer_id": customer_id, "line_items": items, "tax": 0}


class Journey(SequentialTaskSet):
    """Runs its tasks once, in order, then hands control back to the user (ours: a journey's steps)."""

    def get_next_task(self):
        if self._task_index >= len(self.tasks):
            self.interrupt(reschedule=True)
        return super().get_next_task()

    def send(self, method, path, name, expect, json=None, headers=None):
        """One request of suite/api/*.ts: its name and expected status; any other status ends the journey."""
        with self.client.request(
            method, path, name=name, json=json, headers=headers, catch_response=True
        ) as response:
            ok = response.status_code == expect
            if ok:
                response.success()
            else:
                response.failure(f"expected {expect}, got {response.status_code}")
        if not ok:
            self.interrupt(reschedule=False)
        return response

    def register_customer(self):
        return self.send("POST", "/customers", "POST /customers", 201, new_customer()).json()["customer_id"]

    def upgrade_tier(self, tier):
        path = f"/customers/{self.customer_id}/tier"
        self.send("PUT", path, "PUT /customers/{id}/tier", 200, {"new_tier": tier})


# journeys/identity


class NewCustomer(Journey):
    @task
    def register(self):
        self.customer_id = self.register_customer()

    @task
    def update_profile(self):
        path = f"/customers/{self.customer_id}/profile"
        self.send("PUT", path, "PUT /customers/{id}/profile", 200, profile_update())

    @task
    def add_address(self):
        path = f"/customers/{self.customer_id}/addresses"
        self.send("POST", path, "POST /customers/{id}/addresses", 201, customer_address())

    @task
    def add_second_address(self):
        path = f"/customers/{self.customer_id}/addresses"
        self.send("POST", path, "POST /customers/{id}/addresses", 201, customer_address())

    @task
    def upgrade(self):
        self.upgrade_tier(random.choice(["Silver", "Gold", "Platinum"]))


class AccountLifecycle(Journey):
    @task
    def register(self):
        self.customer_id = self.register_customer()

    @task
    def suspend(self):
        path = f"/customers/{self.customer_id}/suspend"
        self.send("PUT", path, "PUT /customers/{id}/suspend", 200, suspension())

    @task
    def reactivate(self):
        self.send("PUT", f"/customers/{self.customer_id}/reactivate", "PUT /customers/{id}/reactivate", 200)

    @task
    def close(self):
        self.send("PUT", f"/customers/{self.customer_id}/close", "PUT /customers/{id}/close", 200)


class TierProgression(Journey):
    @task
    def register(self):
        self.customer_id = self.register_customer()

    @task
    def upgrade_to_silver(self):
        self.upgrade_tier("Silver")

    @task
    def upgrade_to_gold(self):
        self.upgrade_tier("Gold")

    @task
    def upgrade_to_platinum(self):
        self.upgrade_tier("Platinum")


# journeys/payments (suite/payment-journey.ts)


class PaymentJourney(Journey):
    def own_customer_id(self):
        """The user's own account, registered on first use (ShopUser.customerId())."""
        if self.user.customer_id is None:
            self.user.customer_id = self.register_customer()
        return self.user.customer_id

    def initiate(self):
        body = new_payment(self.own_customer_id())
        self.payment_id = self.send("POST", "/payments", "POST /payments", 201, body).json()["payment_id"]
        self.amount = body["amount"]

    def webhook_success(self):
        body = webhook_succeeded(self.payment_id)
        self.send("POST", "/payments/webhook", "POST /payments/webhook", 200, body, WEBHOOK_HEADERS)


class PaymentSuccess(PaymentJourney):
    tasks = [PaymentJourney.initiate, PaymentJourney.webhook_success]


class PaymentFailureRetry(PaymentJourney):
    def webhook_failure(self):
        body = webhook_failed(self.payment_id)
        self.send("POST", "/payments/webhook", "POST /payments/webhook", 200, body, WEBHOOK_HEADERS)

    def retry(self):
        self.send("POST", f"/payments/{self.payment_id}/retry", "POST /payments/{id}/retry", 200)

    tasks = [PaymentJourney.initiate, webhook_failure, retry, PaymentJourney.webhook_success]


class PaymentRefund(PaymentJourney):
    def request_refund(self):
        path = f"/payments/{self.payment_id}/refund"
        body = refund_request(self.amount)
        self.refund_id = self.send("POST", path, "POST /payments/{id}/refund", 200, body).json()["refund_id"]

    def refund_webhook(self):
        body = {"payment_id": self.payment_id, "refund_id": self.refund_id, "gateway_refund_id": gateway_id("re_")}
        self.send("POST", "/payments/refund/webhook", "POST /payments/refund/webhook", 200, body, WEBHOOK_HEADERS)

    tasks = [PaymentJourney.initiate, PaymentJourney.webhook_success, request_refund, refund_webhook]


class Invoice(PaymentJourney):
    @task
    def generate(self):
        body = new_invoice(self.own_customer_id())
        self.invoice_id = self.send("POST", "/invoices", "POST /invoices", 201, body).json()["invoice_id"]

    @task
    def void(self):
        reason = random.choice(["Issued in error", "Order cancelled", "Duplicate invoice"])
        self.send("PUT", f"/invoices/{self.invoice_id}/void", "PUT /invoices/{id}/void", 200, {"reason": reason})


# users/


class IdentityUser(BaseUser):
    tasks = {NewCustomer: 5, AccountLifecycle: 3, TierProgression: 2}
    wait_time = between(0.5, 2.0)


class PaymentsUser(BaseUser):
    tasks = {PaymentSuccess: 8, PaymentFailureRetry: 4, PaymentRefund: 4, Invoice: 4}
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.customer_id = None
