"""The practice's set-up rows: clinics, providers, operatories, definitions, codes, fees, insurance.

They are created on the set-up day, before the first converted patient, and stay in memory for
the whole simulation (providers leave, fees go up, operatories are retired).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .catalog import Scale, definitions, insurance, people, procedure_codes
from .practice import (
    ADJ_TYPES,
    BILLING_TYPES,
    CARRIER_GROUPS,
    OPERATORY_TYPES,
    PROC_CODE_CATS,
    REGIONS,
    SPECIALTIES,
    UNEARNED_TYPES,
    Practice,
    pack_interval,
)
from .store import FOREVER, Store

Row = dict[str, Any]
CLINIC_NAMES = [
    ("Main Street Dental", "MAIN"),
    ("Lakeside Dental", "LAKE"),
    ("Riverton Family Dental", "RIVR"),
    ("Fairview Smiles", "FAIR"),
    ("Prairie Dental Studio", "PRAI"),
]
RECALL_TYPES = [  # description, interval, time pattern, procedures
    ("Prophy", pack_interval(months=6), "//XXXX//", "D0120,D1110"),
    ("Child Prophy", pack_interval(months=6), "//XXX//", "D0120,D1120,D1208"),
    ("Perio", pack_interval(months=3), "//XXXXX//", "D4910"),
    ("4BW", pack_interval(years=1), "/", "D0274"),
    ("Pano", pack_interval(years=3), "/", "D0330"),
    ("FMX", pack_interval(years=5), "//", "D0210"),
]
APPOINTMENT_TYPES = [  # name, pattern, codes, hidden
    ("New Patient", "//XXXX//////", "D0150,D0210,D1110", False),
    ("Recall", "//XXXX//", "D0120,D1110,D0274", False),
    ("Emergency", "/XX/", "D0140,D0220", False),
    ("Crown Prep", "/XXXXXXXX/", "D2740,D2950", False),
    ("Crown Seat", "/XX/", "", False),
    ("Restorative", "/XXXX/", "D2392", False),
    ("Surgery", "/XXXXXX/", "D7210", False),
    ("Consult (old)", "/XX/", "D9310", True),
]


class ReferenceBuilder:
    """Creates the set-up rows in the store and returns the :class:`Practice` view of them."""

    def __init__(
        self,
        store: Store,
        rng: random.Random,
        scale: Scale,
        setup: dt.datetime,
        end: dt.date,
        code_order: random.Random | None = None,
    ) -> None:
        self.store = store
        self.rng = rng
        self.scale = scale
        self.setup = setup
        self.end = end
        # None: codes in file order (CodeNum 1 is the file's first code). A generator of its own, so
        # shuffling leaves every other draw of ``rng`` as it was.
        self.code_order = code_order
        self.defs: dict[tuple[int, str], int] = {}

    def build(self) -> Practice:
        """Insert every set-up table and return the practice view."""
        self._definitions()
        self._clinics()
        self._fee_schedules()
        self._providers_and_operatories()
        self._users_and_employees()
        self._procedure_codes()
        self._fees()
        self._insurance()
        self._recall_and_appointment_types()
        self._referrals()
        self._discount_plan()
        self._preferences()
        tables = [
            "definition",
            "clinic",
            "provider",
            "operatory",
            "procedurecode",
            "feesched",
            "fee",
            "carrier",
            "insplan",
            "benefit",
            "covcat",
            "recalltype",
            "appointmenttype",
            "userod",
            "employee",
            "referral",
            "preference",
            "discountplan",
        ]
        return Practice.from_rows({table: self.store.rows(table) for table in tables})

    # ---- helpers ------------------------------------------------------------------------------

    def _insert(self, table: str, row: Row) -> Row:
        return self.store.insert(table, row, self.setup, hold=FOREVER)

    def _def(self, category: int, name: str) -> int:
        return self.defs[(category, name)]

    # ---- tables -------------------------------------------------------------------------------

    def _definitions(self) -> None:
        items = []
        for category in definitions():
            for order, item in enumerate(category["items"]):
                items.append((int(category["id"]), order, item))
        self.rng.shuffle(items)
        for category_id, order, item in items:
            def_num = self.store.next_key("definition", gap=self.rng.choice([0, 0, 0, 1, 2, 3, 7, 12]))
            self._insert(
                "definition",
                {
                    "DefNum": def_num,
                    "Category": category_id,
                    "ItemOrder": order,
                    "ItemName": item["name"],
                    "ItemValue": item.get("value", ""),
                    "ItemColor": -self.rng.randrange(1, 16_777_216),
                    "IsHidden": int(item.get("hidden", False)),
                },
            )
            self.defs[(category_id, item["name"])] = def_num

    def _clinics(self) -> None:
        cities = people()["cities"]
        count = self.scale.clinics + (1 if self.scale.clinics > 1 else 0)
        for index in range(count):
            hidden = index == self.scale.clinics
            name, abbr = (
                ("Old Town Office (closed)", "OLD") if hidden else CLINIC_NAMES[index % len(CLINIC_NAMES)]
            )
            city, state, zip_prefix = cities[index % len(cities)]
            self._insert(
                "clinic",
                {
                    "Description": name,
                    "Abbr": abbr,
                    "Address": f"{100 + 17 * index} Main St",
                    "City": city,
                    "State": state,
                    "Zip": f"{zip_prefix}{10 + index:02d}",
                    "Phone": f"217555{1000 + index:04d}",
                    "BankNumber": f"00{index}-4471",
                    "Region": self._def(REGIONS, "North" if index % 2 == 0 else "South"),
                    "ItemOrder": index,
                    "IsHidden": int(hidden),
                    "IsConfirmEnabled": 1,
                    "TimeZone": "",
                    "BillingAddress": "",
                    "PayToAddress": "",
                },
            )

    def _fee_schedules(self) -> None:
        for order, sched in enumerate(insurance()["feesched"]):
            self._insert(
                "feesched",
                {
                    "Description": sched["name"],
                    "FeeSchedType": sched["type"],
                    "ItemOrder": order,
                    "IsHidden": int(sched.get("hidden", False)),
                    "IsGlobal": 1,
                    "SecUserNumEntry": 1,
                },
            )

    def _sched(self, name: str) -> int:
        for row in self.store.rows("feesched"):
            if row["Description"] == name:
                return int(row["FeeSchedNum"])
        raise KeyError(f"fee schedule {name!r} is not configured")

    def _providers_and_operatories(self) -> None:
        names = people()
        visible_clinics = [int(r["ClinicNum"]) for r in self.store.rows("clinic") if not r["IsHidden"]]
        ucr = self._sched("Standard UCR")
        staff_plan: list[tuple[str, str, int, dict[str, Any]]] = []
        for index in range(self.scale.dentists):
            staff_plan.append(("dentist", "General", visible_clinics[index % len(visible_clinics)], {}))
        for index in range(self.scale.hygienists):
            staff_plan.append(("hygienist", "Hygienist", visible_clinics[index % len(visible_clinics)], {}))
        for index in range(self.scale.specialists):
            specialty = ["Oral Surgery", "Endodontics"][index % 2]
            staff_plan.append(("specialist", specialty, visible_clinics[0], {}))
        staff_plan.append(("hygienist", "Hygienist", visible_clinics[0], {"leaves": True}))
        staff_plan.append(("dentist", "General", visible_clinics[0], {"retired": True}))
        order = 0
        op_number = 1
        for kind, specialty, clinic, extra in staff_plan:
            female = self.rng.random() < 0.55
            first = self.rng.choice(names["female_first" if female else "male_first"])
            last = self.rng.choice(names["last"])
            retired = bool(extra.get("retired"))
            abbr = (
                ("Dr" + last.replace(" ", "").replace("'", "")[:8])
                if kind != "hygienist"
                else (first[:6] + last[:1])
            )
            row = self._insert(
                "provider",
                {
                    "Abbr": abbr,
                    "ItemOrder": order,
                    "LName": last,
                    "FName": first,
                    "MI": self.rng.choice("ABCDEFGHJKLMNPRSTW"),
                    "Suffix": "RDH" if kind == "hygienist" else "DDS",
                    "FeeSched": ucr,
                    "Specialty": self._def(SPECIALTIES, specialty),
                    "SSN": "".join(str(self.rng.randrange(10)) for _ in range(9)),
                    "StateLicense": f"{self.rng.randrange(10000, 99999)}",
                    "DEANum": ""
                    if kind == "hygienist"
                    else f"B{last[:1].upper()}{self.rng.randrange(1000000, 9999999)}",
                    "IsSecondary": int(kind == "hygienist"),
                    "ProvColor": -self.rng.randrange(1, 16_777_216),
                    "IsHidden": int(retired),
                    "NationalProvID": f"1{self.rng.randrange(100000000, 999999999)}",
                    "SigOnFile": 1,
                    "EhrMuStage": 0,
                    "ProvStatus": 0,
                    "HourlyProdGoalAmt": float({"dentist": 450, "hygienist": 160, "specialist": 700}[kind]),
                    "DateTerm": self.setup.date() - dt.timedelta(days=200) if retired else dt.date(1, 1, 1),
                    "PreferredName": first if self.rng.random() < 0.3 else "",
                    "SchedNote": "",
                    "TaxonomyCodeOverride": "",
                    "EcwID": "",
                    "StateRxID": "",
                    "StateWhereLicensed": "IL",
                    "CustomID": "",
                    "WebSchedDescript": "",
                    "WebSchedImageLocation": "",
                },
            )
            order += 1
            if retired:
                continue
            ops = 2 if kind == "dentist" else 1
            for _ in range(ops):
                is_hyg = kind == "hygienist"
                self._insert(
                    "operatory",
                    {
                        "OpName": f"Op {op_number}" + (" (Hyg)" if is_hyg else ""),
                        "Abbrev": f"OP{op_number}",
                        "ItemOrder": op_number - 1,
                        "IsHidden": 0,
                        "ProvDentist": 0 if is_hyg else row["ProvNum"],
                        "ProvHygienist": row["ProvNum"] if is_hyg else 0,
                        "IsHygiene": int(is_hyg),
                        "ClinicNum": clinic,
                        "SetProspective": int(is_hyg),
                        "IsWebSched": int(is_hyg),
                        "IsNewPatAppt": 0,
                        "OperatoryType": self._def(
                            OPERATORY_TYPES,
                            {"dentist": "Restorative", "hygienist": "Hygiene", "specialist": "Surgery"}[kind],
                        ),
                    },
                )
                op_number += 1
        self._insert(
            "operatory",
            {
                "OpName": "Op 99 (storage)",
                "Abbrev": "OP99",
                "ItemOrder": op_number,
                "IsHidden": 1,
                "ClinicNum": visible_clinics[0],
                "OperatoryType": self._def(OPERATORY_TYPES, "Restorative"),
            },
        )
        dentists = [p for p in self.store.rows("provider") if p["Suffix"] == "DDS" and not p["IsHidden"]]
        for clinic_row in self.store.rows("clinic"):
            if dentists:
                clinic_row["DefaultProv"] = dentists[0]["ProvNum"]

    def _users_and_employees(self) -> None:
        staff = people()["staff"]
        self._insert(
            "userod",
            {
                "UserName": "Admin",
                "Password": self._password(),
                "UserGroupNum": 1,
                "IsHidden": 0,
                "PasswordIsStrong": 1,
                "DomainUser": "",
                "MobileWebPin": "",
                "EClipboardClinicalPin": "",
                "BadgeId": "",
            },
        )
        for index, (last, first, _role) in enumerate(staff + [["Harlow", "Dennis", "Former Front Desk"]]):
            hidden = index == len(staff)
            employee = self._insert(
                "employee",
                {
                    "LName": last,
                    "FName": first,
                    "MiddleI": "",
                    "IsHidden": int(hidden),
                    "ClockStatus": "Home",
                    "PhoneExt": 200 + index,
                    "PayrollID": f"E{1000 + index}",
                    "WirelessPhone": "",
                    "EmailWork": "",
                    "EmailPersonal": "",
                    "ReportsTo": 0,
                },
            )
            self._insert(
                "userod",
                {
                    "UserName": f"{first.lower()}.{last.lower()}",
                    "Password": self._password(),
                    "UserGroupNum": 2,
                    "EmployeeNum": employee["EmployeeNum"],
                    "IsHidden": int(hidden),
                    "PasswordIsStrong": 1,
                    "DomainUser": "",
                    "MobileWebPin": "",
                    "EClipboardClinicalPin": "",
                    "BadgeId": "",
                },
            )
        for provider in self.store.rows("provider"):
            self._insert(
                "userod",
                {
                    "UserName": (provider["FName"][:1] + provider["LName"].replace(" ", "")).lower(),
                    "Password": self._password(),
                    "UserGroupNum": 3,
                    "ProvNum": provider["ProvNum"],
                    "IsHidden": provider["IsHidden"],
                    "PasswordIsStrong": 1,
                    "DomainUser": "",
                    "MobileWebPin": "",
                    "EClipboardClinicalPin": "",
                    "BadgeId": "",
                },
            )
        self._insert(
            "userod",
            {
                "UserName": "conversion",
                "Password": "",
                "UserGroupNum": 1,
                "IsHidden": 1,
                "DomainUser": "",
                "MobileWebPin": "",
                "EClipboardClinicalPin": "",
                "BadgeId": "",
            },
        )

    def _password(self) -> str:
        salt = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(16))
        digest = "".join(self.rng.choice("0123456789ABCDEF") for _ in range(64))
        return f"SHA3-512${salt}${digest}"

    def _procedure_codes(self) -> None:
        substitutions = {
            "D2391": "D2140",
            "D2392": "D2150",
            "D2393": "D2160",
            "D2394": "D2161",
            "D2740": "D2791",
        }
        specs = list(procedure_codes())
        if self.code_order is not None:
            self.code_order.shuffle(specs)
        for spec in specs:
            obsolete = spec.category == "Obsolete"
            self._insert(
                "procedurecode",
                {
                    "ProcCode": spec.code,
                    "Descript": spec.descript,
                    "AbbrDesc": spec.abbr,
                    "ProcTime": spec.time,
                    "ProcCat": self._def(PROC_CODE_CATS, spec.category),
                    "TreatArea": spec.area,
                    "NoBillIns": int(spec.no_bill_ins),
                    "IsProsth": int(spec.prosth),
                    "IsHygiene": int(spec.hygiene),
                    "DefaultNote": None if obsolete else "",
                    "PaintType": spec.paint,
                    "BaseUnits": spec.base_units,
                    "SubstitutionCode": substitutions.get(spec.code, None if obsolete else ""),
                    "SubstOnlyIf": 1 if spec.code in substitutions else 0,
                    "LaymanTerm": "",
                    "DrugNDC": "",
                    "RevenueCodeDefault": "",
                    "DefaultClaimNote": "",
                    "DefaultTPNote": "",
                    "TaxCode": "",
                    "PaintText": "",
                    "DiagnosticCodes": "",
                    "GraphicColor": 0,
                },
            )

    def _fees(self) -> None:
        codes = {row["ProcCode"]: int(row["CodeNum"]) for row in self.store.rows("procedurecode")}
        raises = sum(1 for year in range(self.setup.year + 1, self.end.year + 1))
        level = 1.03**-raises
        clinics = [int(r["ClinicNum"]) for r in self.store.rows("clinic") if not r["IsHidden"]]
        surgeons = [
            int(p["ProvNum"])
            for p in self.store.rows("provider")
            if p["Specialty"] == self._def(SPECIALTIES, "Oral Surgery")
        ]
        for sched in insurance()["feesched"]:
            sched_num = self._sched(sched["name"])
            for spec in procedure_codes():
                if spec.fee <= 0:
                    continue
                factor = sched["factor"] * (
                    1.0 if sched.get("role") == "ucr" else self.rng.uniform(0.93, 1.07)
                )
                if sched.get("role") == "copay" and spec.covcat in {"Diagnostic", "X-Ray", "Preventive"}:
                    factor = 0.0
                amount = float(round(spec.fee * level * factor))
                self._insert(
                    "fee",
                    {
                        "Amount": amount,
                        "FeeSched": sched_num,
                        "CodeNum": codes[spec.code],
                        "SecUserNumEntry": 1,
                    },
                )
                if sched.get("role") == "ucr" and len(clinics) > 1 and self.rng.random() < 0.12:
                    self._insert(
                        "fee",
                        {
                            "Amount": float(round(amount * 1.06)),
                            "FeeSched": sched_num,
                            "CodeNum": codes[spec.code],
                            "ClinicNum": clinics[1],
                            "SecUserNumEntry": 1,
                        },
                    )
                if sched.get("role") == "ucr" and surgeons and spec.category in {"Oral Surgery", "Implants"}:
                    self._insert(
                        "fee",
                        {
                            "Amount": float(round(amount * 1.10)),
                            "FeeSched": sched_num,
                            "CodeNum": codes[spec.code],
                            "ProvNum": surgeons[0],
                            "SecUserNumEntry": 1,
                        },
                    )

    def _insurance(self) -> None:
        config = insurance()
        covcats = {}
        for order, cat in enumerate(config["covcat"]):
            row = self._insert(
                "covcat",
                {
                    "Description": cat["name"],
                    "DefaultPercent": cat["percent"],
                    "CovOrder": order,
                    "IsHidden": int(cat.get("hidden", False)),
                    "EbenefitCat": cat["ebenefit"],
                },
            )
            covcats[cat["name"]] = int(row["CovCatNum"])
        carriers = {}
        for carrier in config["carrier"]:
            row = self._insert(
                "carrier",
                {
                    "CarrierName": carrier["name"],
                    "Address": f"PO Box {self.rng.randrange(1000, 99999)}",
                    "City": carrier["city"],
                    "State": carrier["state"],
                    "Zip": f"{self.rng.randrange(10000, 99999)}",
                    "Phone": f"800555{self.rng.randrange(1000, 9999)}",
                    "ElectID": carrier["elect_id"],
                    "IsHidden": int(carrier.get("hidden", False)),
                    "SecUserNumEntry": 1,
                    "TIN": "",
                    "CarrierGroupName": self._def(CARRIER_GROUPS, carrier["group"]),
                    "CDAnetVersion": "",
                },
            )
            carriers[carrier["name"]] = int(row["CarrierNum"])
        employers = people()["employers"]
        codes = {row["ProcCode"]: int(row["CodeNum"]) for row in self.store.rows("procedurecode")}
        group_index = 0
        for template in config["plan"]:
            groups = template["groups"] * (1 if template.get("legacy") else self.scale.plan_groups)
            for _ in range(groups):
                employer = employers[group_index % len(employers)]
                group_index += 1
                is_cap = template["type"] == "c"
                plan = self._insert(
                    "insplan",
                    {
                        "GroupName": employer[:50],
                        "GroupNum": None
                        if self.rng.random() < 0.1
                        else f"{self.rng.randrange(100000, 999999)}",
                        "PlanNote": ""
                        if self.rng.random() < 0.8
                        else "Verify frequency limits before scheduling.",
                        "FeeSched": self._sched(template["feesched"]) if template["feesched"] else 0,
                        "PlanType": template["type"],
                        "CarrierNum": carriers[template["carrier"]],
                        "CopayFeeSched": self._sched("Capitation Copays") if is_cap else 0,
                        "IsHidden": int(bool(template.get("legacy"))),
                        "SecUserNumEntry": 1,
                        "CanadianPlanFlag": "",
                        "CanadianDiagnosticCode": "",
                        "CanadianInstitutionCode": "",
                        "RxBIN": "",
                        "SopCode": "",
                        "TrojanID": "",
                        "DivisionNo": "",
                        "ShowBaseUnits": 0,
                        "CodeSubstNone": 0,
                    },
                )
                self._benefits(int(plan["PlanNum"]), template, covcats, codes)

    def _benefits(
        self, plan_num: int, template: dict[str, Any], covcats: dict[str, int], codes: dict[str, int]
    ) -> None:
        coverage = insurance()["coverage"][template["coverage"]]
        base = {"PlanNum": plan_num, "Percent": -1, "MonetaryAmt": -1.0}
        for name, percent in coverage.items():
            self._insert(
                "benefit", {**base, "CovCatNum": covcats[name], "BenefitType": 1, "Percent": percent}
            )
        annual_max = self.rng.choice(template["annual_max"])
        if annual_max:
            self._insert(
                "benefit",
                {
                    **base,
                    "BenefitType": 5,
                    "MonetaryAmt": float(annual_max),
                    "TimePeriod": 2,
                    "CoverageLevel": 1,
                },
            )
        if template["deductible"]:
            self._insert(
                "benefit",
                {
                    **base,
                    "BenefitType": 2,
                    "MonetaryAmt": float(template["deductible"]),
                    "TimePeriod": 2,
                    "CoverageLevel": 1,
                },
            )
            for waived in ("Diagnostic", "X-Ray", "Preventive"):
                self._insert(
                    "benefit",
                    {
                        **base,
                        "CovCatNum": covcats[waived],
                        "BenefitType": 2,
                        "MonetaryAmt": 0.0,
                        "TimePeriod": 2,
                        "CoverageLevel": 1,
                    },
                )
        frequencies = [("D1110", 2, 1, 1), ("D0274", 1, 1, 1), ("D0210", 5, 4, 0)]
        for code, quantity, qualifier, period in frequencies:
            self._insert(
                "benefit",
                {
                    **base,
                    "BenefitType": 5,
                    "CodeNum": codes[code],
                    "Quantity": quantity,
                    "QuantityQualifier": qualifier,
                    "TimePeriod": period,
                },
            )
        if "Orthodontics" in coverage:
            self._insert(
                "benefit",
                {
                    **base,
                    "CovCatNum": covcats["Orthodontics"],
                    "BenefitType": 5,
                    "MonetaryAmt": 1500.0,
                    "TimePeriod": 3,
                    "CoverageLevel": 1,
                },
            )

    def _recall_and_appointment_types(self) -> None:
        for description, interval, pattern, procedures in RECALL_TYPES:
            self._insert(
                "recalltype",
                {
                    "Description": description,
                    "DefaultInterval": interval,
                    "TimePattern": pattern,
                    "Procedures": procedures,
                    "AppendToSpecial": int(description in {"4BW", "Pano", "FMX"}),
                },
            )
        for order, (name, pattern, codes, hidden) in enumerate(APPOINTMENT_TYPES):
            self._insert(
                "appointmenttype",
                {
                    "AppointmentTypeName": name,
                    "AppointmentTypeColor": -self.rng.randrange(1, 16_777_216),
                    "ItemOrder": order,
                    "IsHidden": int(hidden),
                    "Pattern": pattern,
                    "CodeStr": codes,
                    "CodeStrRequired": "",
                    "BlockoutTypes": "",
                },
            )

    def _referrals(self) -> None:
        cities = people()["cities"]
        for last, first, specialty in people()["referral_doctors"]:
            city, state, zip_prefix = self.rng.choice(cities)
            self._insert(
                "referral",
                {
                    "LName": last,
                    "FName": first,
                    "MName": "",
                    "Specialty": self._def(SPECIALTIES, specialty),
                    "ST": state,
                    "Telephone": f"217555{self.rng.randrange(1000, 9999)}",
                    "Address": "1 Medical Plaza",
                    "City": city,
                    "Zip": f"{zip_prefix}{self.rng.randrange(10, 99)}",
                    "Note": None,
                    "IsDoctor": 1,
                    "Title": "DDS",
                    "EMail": "",
                    "NationalProvID": f"1{self.rng.randrange(10**8, 10**9)}",
                    "BusinessName": f"{last} {specialty}",
                    "DisplayNote": "",
                    "Phone2": "",
                },
            )
        for source in people()["referral_sources"]:
            self._insert(
                "referral",
                {
                    "LName": source,
                    "NotPerson": 1,
                    "Specialty": 0,
                    "Note": "",
                    "BusinessName": "",
                    "DisplayNote": "",
                    "IsHidden": int(source.startswith("Mailer")),
                    "NationalProvID": None,
                },
            )

    def _discount_plan(self) -> None:
        self._insert(
            "discountplan",
            {
                "Description": "Smile Club Membership",
                "FeeSchedNum": self._sched("Smile Club Membership"),
                "DefNum": self._def(ADJ_TYPES, "Discount Plan"),
                "IsHidden": 0,
                "PlanNote": "In-house membership: 20% off most services.",
                "ExamFreqLimit": 2,
                "XrayFreqLimit": 1,
                "ProphyFreqLimit": 2,
                "FluorideFreqLimit": 2,
                "PerioFreqLimit": 4,
                "LimitedExamFreqLimit": -1,
                "PAFreqLimit": -1,
            },
        )

    def _preferences(self) -> None:
        providers = self.store.rows("provider")
        default_prov = next(p["ProvNum"] for p in providers if p["Suffix"] == "DDS" and not p["IsHidden"])
        recall = {r["Description"]: r["RecallTypeNum"] for r in self.store.rows("recalltype")}
        prefs = {
            "DataBaseVersion": "24.3.10.0",
            "ProgramVersion": "24.3.10.0",
            "ProgramVersionLastUpdated": "",
            "UpdateInProgressOnComputerName": "",
            "ReportsPPOwriteoffDefaultToProcDate": "0",
            "DateLastAging": self.end.isoformat(),
            "AgingCalculatedMonthlyInsteadOfDaily": "0",
            "AgingBeginDateTime": "",
            "AgingProcLifo": "0",
            "AgingIsEnterprise": "0",
            "PayPlansVersion": "1",
            "PayPlansBillInAdvanceDays": "10",
            "BrokenApptProcedure": "3",
            "BrokenAppointmentAdjustmentType": str(self._def(ADJ_TYPES, "Broken Appointment Fee")),
            "BadDebtAdjustmentTypes": str(self._def(ADJ_TYPES, "Bad Debt Write-off")),
            "ReportPandIschedProdSubtractsWO": "1",
            "RecallExcludeIfAnyFutureAppt": "1",
            "RecallTypesShowingInList": ",".join(
                str(recall[name]) for name in ("Prophy", "Child Prophy", "Perio")
            ),
            "RecallTypeSpecialProphy": str(recall["Prophy"]),
            "RecallTypeSpecialChildProphy": str(recall["Child Prophy"]),
            "RecallTypeSpecialPerio": str(recall["Perio"]),
            "PracticeTitle": "Main Street Dental Group",
            "PracticeAddress": "100 Main St",
            "PracticeCity": "Springfield",
            "PracticeST": "IL",
            "PracticeZip": "62701",
            "PracticePhone": "2175551000",
            "PracticeDefaultProv": str(default_prov),
            "PracticeDefaultBillType": str(self._def(BILLING_TYPES, "Standard Account")),
            "PrepaymentUnearnedType": str(self._def(UNEARNED_TYPES, "Prepayment")),
            "TpUnearnedType": str(self._def(UNEARNED_TYPES, "Treatment Plan Prepayment")),
            "EasyNoClinics": "0",
            "ClaimSnapshotEnabled": "1",
            "ClaimSnapshotTriggerType": "ClaimCreate",
            "InsPPOsecWriteoffs": "0",
            "FinanceChargeAPR": "18",
            "BillingChargeAmount": "5",
            "MySqlVersion": "10.11",
        }
        for name, value in prefs.items():
            self._insert("preference", {"PrefName": name, "ValueString": value, "Comments": None})
