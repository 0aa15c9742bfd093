//! Changes the faults API makes: corrected, added and deleted records.

use std::sync::PoisonError;

use super::records::{MeasureGroup, NewMeasureGroup, Workout};
use super::{FakeData, SCALE, mix};
use crate::FaultError;

impl FakeData {
    /// Deletes a workout, as a user does in the Withings app.
    pub(crate) fn delete_workout(&self, id: u64) -> Result<Workout, FaultError> {
        let workout = self
            .workouts
            .iter()
            .find(|w| w.id == id)
            .cloned()
            .ok_or(FaultError::UnknownWorkout(id))?;
        self.deleted_workouts
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(id);
        Ok(workout)
    }

    /// Changes one measure's value and bumps the group's `modified` to `now`
    /// (at least one second later), keeping its grpid.
    pub(crate) fn correct_measure(
        &self,
        grpid: u64,
        meastype: i32,
        value: i64,
        now: i64,
    ) -> Result<MeasureGroup, FaultError> {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let group = store
            .groups
            .iter_mut()
            .find(|g| g.grpid == grpid)
            .ok_or(FaultError::UnknownGroup(grpid))?;
        let measure = group
            .measures
            .iter_mut()
            .find(|m| m.meastype == meastype)
            .ok_or(FaultError::UnknownMeasType { grpid, meastype })?;
        measure.value = value;
        group.modified = now.max(group.modified + 1);
        Ok(group.clone())
    }

    /// Deletes a group, as a user does in the Withings app; `getmeas` no
    /// longer returns it, with or without `lastupdate`.
    pub(crate) fn delete_group(&self, grpid: u64) -> Result<MeasureGroup, FaultError> {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let at = store
            .groups
            .iter()
            .position(|g| g.grpid == grpid)
            .ok_or(FaultError::UnknownGroup(grpid))?;
        Ok(store.groups.remove(at))
    }

    /// Adds a group (new data arriving), created and modified `now`.
    pub(crate) fn add_group(&self, new: NewMeasureGroup, now: i64) -> MeasureGroup {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let attrib = new.attrib.unwrap_or(0);
        let device = attrib == 0 || attrib == 1;
        let grpid = store.next_grpid;
        store.next_grpid += 1 + mix(grpid) % 5000;
        let group = MeasureGroup {
            grpid,
            attrib,
            date: new.date.unwrap_or(now),
            created: now,
            modified: now,
            category: new.category.unwrap_or(1),
            deviceid: device.then(|| self.ids.scale.clone()),
            hash_deviceid: device.then(|| self.ids.scale.clone()),
            modelid: device.then_some(SCALE.1),
            model: device.then(|| SCALE.0.to_string()),
            comment: None,
            measures: new.measures,
        };
        let pos = store
            .groups
            .partition_point(|g| (g.date, g.grpid) <= (group.date, group.grpid));
        store.groups.insert(pos, group.clone());
        group
    }
}
