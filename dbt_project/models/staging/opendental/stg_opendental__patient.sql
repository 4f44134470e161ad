with

source as (

    select * from {{ od_source('patient') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
patient_status_codes as (

    select * from {{ ref('opendental__patient_status') }}

),

gender_codes as (

    select * from {{ ref('opendental__gender') }}

),

marital_status_codes as (

    select * from {{ ref('opendental__marital_status') }}

),

student_status_codes as (

    select * from {{ ref('opendental__student_status') }}

),

grade_level_codes as (

    select * from {{ ref('opendental__grade_level') }}

),

treatment_urgency_codes as (

    select * from {{ ref('opendental__treatment_urgency') }}

),

contact_method_codes as (

    select * from {{ ref('opendental__contact_method') }}

),

yes_no_unknown_codes as (

    select * from {{ ref('opendental__yes_no_unknown') }}

),

renamed as (

    select
        -- ids
        source.PatNum as patient_id,
        {{ od_nullif_zero('source.Guarantor') }} as guarantor_id,
        {{ od_nullif_zero('source.PriProv') }} as primary_provider_id,
        {{ od_nullif_zero('source.SecProv') }} as secondary_provider_id,
        {{ od_nullif_zero('source.FeeSched') }} as fee_schedule_id,
        {{ od_nullif_zero('source.BillingType') }} as billing_type_def_id,
        {{ od_nullif_zero('source.EmployerNum') }} as employer_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.SiteNum') }} as site_id,
        {{ od_nullif_zero('source.ResponsParty') }} as responsible_party_id,
        {{ od_nullif_zero('source.SuperFamily') }} as super_family_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,

        -- strings
        {{ od_string('source.State') }} as address_state,
        {{ od_string('source.CreditType') }} as credit_type,
        {{ od_string('source.Language') }} as preferred_language,
        {{ od_string('source.SmokingSnoMed') }} as smoking_snomed,
        {{ od_string('source.Country') }} as country,
        -- PHI the default policy drops (loaders/opendental/tables.toml): NULL
        -- unless the practice's catalogue keeps the column (od_source)
        nullif({{ od_string('source.ChartNumber') }}, '') as chart_number,
        nullif({{ od_string('source.LName') }}, '') as last_name,
        nullif({{ od_string('source.FName') }}, '') as first_name,
        nullif({{ od_string('source.Preferred') }}, '') as preferred_name,

        -- numerics
        {{ od_money('source.EstBalance') }} as estimated_balance,
        {{ od_money('source.Bal_0_30') }} as balance_0_30,
        {{ od_money('source.Bal_31_60') }} as balance_31_60,
        {{ od_money('source.Bal_61_90') }} as balance_61_90,
        {{ od_money('source.BalOver90') }} as balance_over_90,
        {{ od_money('source.InsEst') }} as insurance_estimate,
        {{ od_money('source.BalTotal') }} as balance_total,
        source.SchedDayOfWeek as schedule_day_of_week,
        {{ od_money('source.PayPlanDue') }} as payment_plan_due,
        source.AskToArriveEarly as ask_to_arrive_early_minutes,
        source.BillingCycleDay as billing_cycle_day,

        -- codes
        source.PatStatus as patient_status_code,
        patient_status_codes.label as patient_status,
        source.Gender as gender_code,
        gender_codes.label as gender,
        source.Position as marital_status_code,
        marital_status_codes.label as marital_status,
        {{ od_string('source.StudentStatus') }} as student_status_code,
        student_status_codes.label as student_status,
        source.GradeLevel as grade_level_code,
        grade_level_codes.label as grade_level,
        source.Urgency as treatment_urgency_code,
        treatment_urgency_codes.label as treatment_urgency,
        source.PreferConfirmMethod as preferred_confirm_method_code,
        confirm_methods.label as preferred_confirm_method,
        source.PreferContactMethod as preferred_contact_method_code,
        contact_methods.label as preferred_contact_method,
        source.PreferRecallMethod as preferred_recall_method_code,
        recall_methods.label as preferred_recall_method,
        source.PreferContactConfidential
            as preferred_confidential_contact_method_code,
        confidential_methods.label as preferred_confidential_contact_method,
        source.TxtMsgOk as text_messages_ok_code,
        text_message_answers.label as text_messages_ok,
        source.ShortCodeOptIn as short_code_opt_in_code,
        short_code_answers.label as short_code_opt_in,

        -- booleans
        -- OpenDental keeps 'I' in HasIns when the patient has insurance
        {{ od_string('source.HasIns') }} = 'I' as has_insurance,
        {{ od_bool('source.PlannedIsDone') }} as is_planned_treatment_done,
        {{ od_bool('source.Premed') }} as is_premedication_required,
        {{ od_bool('source.HasSuperBilling') }} as has_super_billing,
        {{ od_bool('source.HasSignedTil') }} as has_signed_truth_in_lending,

        -- dates
        {{ od_date('source.DateFirstVisit') }} as first_visit_date,
        {{ od_date('source.SecDateEntry') }} as created_date,
        -- derived by the loader from the birth date, which is never copied
        source.BirthYearBand as birth_year_band,

        -- times
        {{ od_time('source.SchedBeforeTime') }} as schedule_before_time,
        {{ od_time('source.SchedAfterTime') }} as schedule_after_time,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join patient_status_codes
        on source.PatStatus = patient_status_codes.code
    left outer join gender_codes
        on source.Gender = gender_codes.code
    left outer join marital_status_codes
        on source.Position = marital_status_codes.code
    left outer join student_status_codes
        -- the seed holds OpenDental's empty code as NULL
        on
            nullif({{ od_string('source.StudentStatus') }}, '')
            <=> student_status_codes.code
    left outer join grade_level_codes
        on source.GradeLevel = grade_level_codes.code
    left outer join treatment_urgency_codes
        on source.Urgency = treatment_urgency_codes.code
    left outer join contact_method_codes as confirm_methods
        on source.PreferConfirmMethod = confirm_methods.code
    left outer join contact_method_codes as contact_methods
        on source.PreferContactMethod = contact_methods.code
    left outer join contact_method_codes as recall_methods
        on source.PreferRecallMethod = recall_methods.code
    left outer join contact_method_codes as confidential_methods
        on source.PreferContactConfidential = confidential_methods.code
    left outer join yes_no_unknown_codes as text_message_answers
        on source.TxtMsgOk = text_message_answers.code
    left outer join yes_no_unknown_codes as short_code_answers
        on source.ShortCodeOptIn = short_code_answers.code

)

select * from renamed
